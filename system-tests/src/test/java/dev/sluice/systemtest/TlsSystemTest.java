package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.testkit.TlsDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encrypted connections end to end: a MariaDB and a PostgreSQL with TLS (certificate for 127.0.0.1 only,
 * made by the test), the services connecting with tls.mode verify-full. The source account may only log in
 * over TLS (REQUIRE SSL), so the full sync and the binlog stream both working proves both used TLS; on the
 * destination the sessions of the task's account are checked in pg_stat_ssl.
 */
class TlsSystemTest {

    static final List<String> TABLES = List.of("items");

    @TempDir
    static Path dir;
    static TlsDatabases tls;
    static LocalDatabases db;
    static SluiceStack stack;
    static TaskDriver driver;

    @BeforeAll
    static void up() throws Exception {
        tls = TlsDatabases.start(dir.resolve("certs"));
        db = tls.db();
        SluiceStack.createAccounts(db);
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("ALTER USER '" + SluiceStack.SOURCE_USER + "'@'%' REQUIRE SSL");
        }
        db.recreatePgDatabase("e2e_target");
        // control-service and billing-service keep their metadata on the TLS server too, verify-full
        db.recreatePgDatabase("sluice_meta_tls");
        stack = new SluiceStack(20300, "sluice_meta_tls", Map.of("SLUICE_META_HOST", "127.0.0.1", "SLUICE_META_PORT", Integer.toString(db.pgPort()),
                "SLUICE_META_SSLMODE", "verify-full", "SLUICE_META_SSLROOTCERT", tls.certificates().ca().toString())).start();
        driver = new TaskDriver(stack);
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (stack != null) {
                stack.close();
            }
        } finally {
            if (tls != null) {
                tls.close();
            }
        }
    }

    static void maria(String... sql) throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static String yaml(String name, String host, String sourceCa, String destinationCa) {
        return """
                name: %s
                source:
                  host: %s
                  port: %d
                  user: %s
                  password: %s
                  tls: {mode: verify-full, ca: %s}
                destination:
                  host: %s
                  port: %d
                  database: e2e_target
                  user: %s
                  password: %s
                  tls: {mode: verify-full, ca: %s}
                objects:
                  - database: tls_e2e
                billing: {instanceClass: xlarge}
                """.formatted(name, host, db.mariaPort(), SluiceStack.SOURCE_USER, SluiceStack.SOURCE_PASSWORD, sourceCa, host, db.pgPort(),
                SluiceStack.DESTINATION_USER, SluiceStack.DESTINATION_PASSWORD, destinationCa);
    }

    String create(String yaml) throws Exception {
        Path file = Files.createTempFile(dir, "task", ".yaml");
        Files.writeString(file, yaml);
        Cli.Result created = Cli.run(stack.controlAddress(), "task", "create", "-f", file.toString());
        assertThat(created.code()).as(created.out() + created.err()).isZero();
        return created.out().split("created task ")[1].split(" ")[0];
    }

    static String line(String output, String checkId) {
        return output.lines().filter(l -> l.matches("^\\S+\\s+" + java.util.regex.Pattern.quote(checkId) + "\\s.*")).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + checkId + " in\n" + output));
    }

    @Test
    void verifyFullSyncsFullAndIncrementalOverTls() throws Exception {
        maria("DROP DATABASE IF EXISTS tls_e2e", "CREATE DATABASE tls_e2e CHARACTER SET utf8mb4",
                "CREATE TABLE tls_e2e.items (id INT PRIMARY KEY, name VARCHAR(50), amount DECIMAL(10,2))",
                "INSERT INTO tls_e2e.items SELECT seq, CONCAT('item ', seq, ' ✓'), seq / 7 FROM tls_e2e.seq_1_to_1000");
        String ca = tls.certificates().ca().toString();
        String id = create(yaml("tls-e2e", "127.0.0.1", ca, ca));

        Cli.Result pre = Cli.run(stack.controlAddress(), "task", "precheck", id);
        assertThat(line(pre.out(), "source.connectivity")).as(pre.out())
                .startsWith("PASSED").contains("TLS TLSv1.", "issued for 127.0.0.1 (verify-full)");
        assertThat(line(pre.out(), "destination.connectivity")).as(pre.out())
                .startsWith("PASSED").contains("TLS TLSv1.", "issued for 127.0.0.1 (verify-full)");
        assertThat(pre.code()).as(pre.out() + pre.err()).isZero();
        java.util.regex.Matcher warning = java.util.regex.Pattern.compile("(?m)^WARNING\\s+(\\S+)").matcher(pre.out());
        while (warning.find()) {
            Cli.Result ignored = Cli.run(stack.controlAddress(), "task", "precheck", id, "--ignore", warning.group(1));
            assertThat(ignored.code()).as(ignored.err()).isZero();
        }
        Cli.Result started = Cli.run(stack.controlAddress(), "task", "start", id);
        assertThat(started.code()).as(started.err()).isZero();

        driver.waitFor(id, "incremental", 240);
        assertThat(TaskDriver.differences(db, "tls_e2e", "tls_e2e", TABLES)).isEmpty();

        maria("INSERT INTO tls_e2e.items VALUES (5000, 'after full sync', 1.25)",
                "UPDATE tls_e2e.items SET name = 'changed' WHERE id BETWEEN 10 AND 19",
                "DELETE FROM tls_e2e.items WHERE id > 990 AND id < 5000");
        driver.awaitEqual(db, "tls_e2e", "tls_e2e", TABLES, Duration.ofSeconds(60));

        // The binlog stream is a connection of the REQUIRE SSL account: it could only log in with TLS.
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE USER = '" + SluiceStack.SOURCE_USER
                     + "' AND COMMAND LIKE 'Binlog Dump%'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("binlog connections of the task's account").isPositive();
        }
        try (Connection c = db.pg("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FILTER (WHERE s.ssl), COUNT(*) FILTER (WHERE NOT s.ssl) "
                     + "FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.usename = '" + SluiceStack.DESTINATION_USER + "'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(2)).as("plain-text sessions of the task's account on the destination").isZero();
            assertThat(rs.getInt(1)).as("TLS sessions of the task's account on the destination").isPositive();
        }
        try (Connection c = db.pg("postgres"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT COUNT(*) FILTER (WHERE s.ssl), COUNT(*) FILTER (WHERE NOT s.ssl) "
                     + "FROM pg_stat_activity a JOIN pg_stat_ssl s USING (pid) WHERE a.datname = 'sluice_meta_tls'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(2)).as("plain-text sessions on the metadata database").isZero();
            assertThat(rs.getInt(1)).as("TLS sessions of control-service and billing-service on the metadata database").isPositive();
        }
        Cli.Result stopped = Cli.run(stack.controlAddress(), "task", "stop", id);
        assertThat(stopped.code()).as(stopped.out() + stopped.err()).isZero();
    }

    @Test
    void aWrongCaFailsThePrecheckNamingTheField() throws Exception {
        String wrong = tls.certificates().wrongCa().toString();
        String id = create(yaml("tls-wrong-ca", "127.0.0.1", wrong, wrong));
        Cli.Result pre = Cli.run(stack.controlAddress(), "task", "precheck", id);
        assertThat(pre.code()).as(pre.out()).isNotZero();
        assertThat(line(pre.out(), "source.connectivity")).startsWith("FAILED")
                .contains("the server's certificate is not signed by the CA in source.tls.ca");
        assertThat(line(pre.out(), "destination.connectivity")).startsWith("FAILED")
                .contains("the server's certificate is not signed by the CA in destination.tls.ca");
        assertThat(pre.out()).contains("fix: give in source.tls.ca the PEM file of the CA that issued the server's certificate");
    }

    /** The servers' certificate is issued for 127.0.0.1 only; "localhost" reaches them under a name it does not carry. */
    @Test
    void aWrongHostNameFailsThePrecheckNamingTheField() throws Exception {
        String ca = tls.certificates().ca().toString();
        String id = create(yaml("tls-wrong-host", "localhost", ca, ca));
        Cli.Result pre = Cli.run(stack.controlAddress(), "task", "precheck", id);
        assertThat(pre.code()).as(pre.out()).isNotZero();
        assertThat(line(pre.out(), "source.connectivity")).startsWith("FAILED")
                .contains("the server's certificate is not issued for source.host localhost");
        assertThat(line(pre.out(), "destination.connectivity")).startsWith("FAILED")
                .contains("the server's certificate is not issued for destination.host localhost");
        assertThat(pre.out()).contains("fix: set source.host to a name (or IP address) the server's certificate is issued for");
    }
}
