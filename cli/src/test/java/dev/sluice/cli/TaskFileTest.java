package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.InvalidTaskSpecException;
import dev.sluice.v1.TaskSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TaskFileTest {

    static final String VALID = """
            name: shop-to-pg
            source:      {host: 127.0.0.1, port: 13306, user: sluice, password: secret}
            destination: {host: 127.0.0.1, port: 15432, database: target, user: sluice, passwordEnv: PG_PW}
            types: {schema: true, full: true, incremental: true}
            conflictingTables: report
            objects:
              - database: shop
                rename: shop_pg
              - database: crm
                tables:
                  - name: customers
                    rename: clients
                    columns: [id, name, email]
                    renameColumns: {email: email_address}
            retry: {connectionMinutes: 720, otherMinutes: 10}
            throttle:
              full: {sourceQps: 0, rowsPerSecond: 0, megabytesPerSecond: 0}
              incremental: {rowsPerSecond: 0, megabytesPerSecond: 0}
            """;

    static TaskSpec parse(String yaml) {
        return TaskFile.parse(yaml, Map.of("PG_PW", "from-env")::get);
    }

    @Test
    void theReadmeExampleParsesIntoTheSpec() {
        TaskSpec s = parse(VALID);
        assertThat(s.getName()).isEqualTo("shop-to-pg");
        assertThat(s.getSource().getPort()).isEqualTo(13306);
        assertThat(s.getDestination().getPassword()).isEqualTo("from-env");
        assertThat(s.getObjects(1).getTables(0).getRenameColumnsMap()).containsEntry("email", "email_address");
        assertThat(s.getConflictingTables()).isEqualTo("report");
        assertThat(s.getRetry().getOtherMinutes()).isEqualTo(10);
    }

    @Test
    void unknownKeyIsNamedWithItsPath() {
        assertThatThrownBy(() -> parse(VALID.replace("port: 13306", "port: 13306, hots: x")))
                .isInstanceOf(InvalidTaskSpecException.class)
                .hasMessageContaining("source.hots: unknown key");
        assertThatThrownBy(() -> parse(VALID + "colour: blue\n")).hasMessageContaining("colour: unknown key");
        assertThatThrownBy(() -> parse(VALID.replace("rename: clients", "renam: clients")))
                .hasMessageContaining("objects[1].tables[0].renam: unknown key");
    }

    @Test
    void wrongTypeIsNamedWithItsPath() {
        assertThatThrownBy(() -> parse(VALID.replace("port: 13306", "port: abc")))
                .hasMessageContaining("source.port: expected a whole number, got \"abc\"");
        assertThatThrownBy(() -> parse(VALID.replace("schema: true", "schema: yes please")))
                .hasMessageContaining("types.schema: expected true or false");
        assertThatThrownBy(() -> parse(VALID.replace("columns: [id, name, email]", "columns: id")))
                .hasMessageContaining("objects[1].tables[0].columns: expected a list");
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> parse(VALID.replace("otherMinutes: 10", "otherMinutes: 720")))
                .hasMessageContaining("retry.otherMinutes: 720 must be smaller than retry.connectionMinutes");
        assertThatThrownBy(() -> parse(VALID.replace("port: 15432", "port: 70000")))
                .hasMessageContaining("destination.port: 70000 is out of range");
        assertThatThrownBy(() -> TaskFile.parse(VALID, Map.<String, String>of()::get))
                .hasMessageContaining("destination.passwordEnv: environment variable PG_PW is not set");
        String noObjects = VALID.substring(0, VALID.indexOf("objects:")) + "objects: []\n";
        assertThatThrownBy(() -> parse(noObjects)).hasMessageContaining("objects: empty");
    }

    @Test
    void tlsPerEndpointParsesAndIsValidated() {
        String tls = VALID.replace("password: secret}", "password: secret, tls: {mode: verify-full, ca: /etc/sluice/tls/ca.pem}}");
        TaskSpec s = parse(tls);
        assertThat(s.getSource().getTls().getMode()).isEqualTo("verify-full");
        assertThat(s.getSource().getTls().getCa()).isEqualTo("/etc/sluice/tls/ca.pem");
        assertThat(s.getDestination().hasTls()).isFalse();
        assertThatThrownBy(() -> parse(tls.replace("mode: verify-full", "mode: verify_full")))
                .hasMessageContaining("source.tls.mode: \"verify_full\" is not one of disabled|required|verify-ca|verify-full");
        assertThatThrownBy(() -> parse(tls.replace(", ca: /etc/sluice/tls/ca.pem", "")))
                .hasMessageContaining("source.tls.ca: required for mode verify-full");
        assertThatThrownBy(() -> parse(tls.replace("ca: /etc", "cacert: /etc")))
                .hasMessageContaining("source.tls.cacert: unknown key");
    }

    @Test
    void cliPrintsOneLinePerProblemAndExitsWithTwo(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("task.yaml");
        Files.writeString(f, VALID.replace("port: 13306", "port: abc").replace("password: secret", "password: secret, colour: x"));
        StringWriter err = new StringWriter();
        CommandLine cl = SluiceCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("task", "create", "-f", f.toString(), "--server", "localhost:1");
        assertThat(code).isEqualTo(SluiceCli.EXIT_INVALID);
        assertThat(err.toString()).contains("source.port: expected a whole number").contains("source.colour: unknown key")
                .doesNotContain("secret").doesNotContain("Exception");
    }

    @Test
    void unreachableServerIsOneReadableLine() {
        StringWriter err = new StringWriter();
        CommandLine cl = SluiceCli.commandLine();
        cl.setErr(new PrintWriter(err));
        int code = cl.execute("task", "list", "--server", "127.0.0.1:1");
        assertThat(code).isEqualTo(SluiceCli.EXIT_UNREACHABLE);
        assertThat(err.toString().strip()).startsWith("sluice: cannot reach control-service at 127.0.0.1:1").doesNotContain("\n");
    }
}
