package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.SluiceCli;
import dev.sluice.testkit.LocalDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Task passwords never leave control-service's sealed store except towards the databases: not in any
 * response, not in any service log, also when a connection fails (drivers echo URLs and settings).
 * And the key that seals them can be rotated.
 */
class SecretsSystemTest {

    static final String META_DB = "sluice_meta_secrets";
    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(20200, META_DB, Map.of("SLUICE_APPLY_USAGE_WINDOW_MILLIS", "1000", "SLUICE_APPLY_USAGE_FLUSH_INTERVAL", "1s",
                "SLUICE_CONTROL_POLL_INTERVAL", "500ms")).start();
        db = stack.db();
        db.recreatePgDatabase("e2e_target");
        driver = new TaskDriver(stack);
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    static void maria(String... sql) throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static Cli.Result cli(String... args) {
        return Cli.run(stack.controlAddress(), args);
    }

    @Test
    void passwordsAppearInNoResponseAndNoLogEvenWhenConnectionsFail() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_secret", "CREATE DATABASE e2e_secret", "CREATE TABLE e2e_secret.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO e2e_secret.t VALUES (1, 'a'), (2, 'b')");
        String good = driver.createAndStart(dir, TaskDriver.yaml(db, "secret-ok", "- database: e2e_secret", ""));
        driver.waitFor(good, "incremental", 120);
        maria("INSERT INTO e2e_secret.t VALUES (3, 'c')");

        // The same passwords towards ports where nothing listens: the drivers' errors name URL, host and port.
        String yaml = TaskDriver.yaml(db, "secret-unreachable", "- database: e2e_secret", "")
                .replace("port: " + db.mariaPort() + ",", "port: 1,").replace("port: " + db.pgPort() + ",", "port: 2,");
        assertThat(yaml).contains("port: 1,").contains("port: 2,");
        Path file = Files.createTempFile(dir, "unreachable", ".yaml");
        Files.writeString(file, yaml);
        Map<String, Cli.Result> responses = new LinkedHashMap<>();
        Cli.Result created = cli("task", "create", "-f", file.toString());
        assertThat(created.code()).as(created.err()).isZero();
        String bad = created.out().split("created task ")[1].split(" ")[0];
        responses.put("create", created);
        responses.put("preview", cli("task", "preview", "-f", file.toString()));
        Cli.Result precheck = cli("task", "precheck", bad, "--json");
        assertThat(precheck.code()).as("the unreachable task's precheck fails").isNotZero();
        assertThat(precheck.out()).contains("FAILED");
        responses.put("precheck", precheck);
        responses.put("precheck-text", cli("task", "precheck", bad));
        responses.put("start-refused", cli("task", "start", bad));
        responses.put("list", cli("task", "list", "--json"));
        responses.put("list-text", cli("task", "list"));
        for (String id : List.of(good, bad)) {
            responses.put("show " + id, cli("task", "show", id, "--json"));
            responses.put("show-text " + id, cli("task", "show", id));
        }
        driver.awaitEqual(db, "e2e_secret", "e2e_secret", List.of("t"), java.time.Duration.ofSeconds(60));
        responses.put("metering", cli("metering", "list", "--task", good, "--json", "--billing", "127.0.0.1:" + stack.service("billing").port()));
        responses.put("bill", cli("bill", "show", "--task", good, "--billing", "127.0.0.1:" + stack.service("billing").port()));
        responses.put("verify", cli("task", "verify", good, "--json"));

        for (var r : responses.entrySet()) {
            String all = r.getValue().out() + r.getValue().err();
            assertThat(all).as(r.getKey()).doesNotContain(SluiceStack.SOURCE_PASSWORD).doesNotContain(SluiceStack.DESTINATION_PASSWORD);
        }
        assertThat(responses.get("metering").code()).as(responses.get("metering").err()).isZero();
        assertThat(logsContaining(SluiceStack.SOURCE_PASSWORD)).isEmpty();
        assertThat(logsContaining(SluiceStack.DESTINATION_PASSWORD)).isEmpty();
    }

    /** Every service log of this run (all stacks of this build write into the same folder). */
    static List<Path> logsContaining(String secret) throws Exception {
        List<Path> found = new ArrayList<>();
        try (Stream<Path> logs = Files.list(stack.logDir())) {
            for (Path log : logs.toList()) {
                if (Files.readString(log).contains(secret)) {
                    found.add(log);
                }
            }
        }
        return found;
    }

    static Map<String, String> storedSecrets() throws Exception {
        Map<String, String> out = new LinkedHashMap<>();
        try (Connection c = db.pg(META_DB); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT id, source_secret, destination_secret FROM control.task ORDER BY id")) {
            while (rs.next()) {
                out.put(rs.getString(1) + "/source", rs.getString(2));
                out.put(rs.getString(1) + "/destination", rs.getString(3));
            }
        }
        return out;
    }

    /** A task (created, not started) on a new MariaDB database e2e_NAME of one table; returns its id. */
    static String createTaskOnANewDatabase(String name) throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_" + name, "CREATE DATABASE e2e_" + name, "CREATE TABLE e2e_" + name + ".t (id INT PRIMARY KEY)");
        Path file = Files.createTempFile(dir, name, ".yaml");
        Files.writeString(file, TaskDriver.yaml(db, name, "- database: e2e_" + name, ""));
        Cli.Result created = cli("task", "create", "-f", file.toString());
        assertThat(created.code()).as(created.err()).isZero();
        return created.out().split("created task ")[1].split(" ")[0];
    }

    static String newSecretsKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    @Test
    void rotatingTheKeyResealsEveryStoredPassword() throws Exception {
        String id = createTaskOnANewDatabase("rotate");
        Map<String, String> before = storedSecrets();
        assertThat(before).containsKey(id + "/source");
        assertThat(before.values()).allSatisfy(v -> assertThat(v).startsWith("v1:"));

        String newKey = newSecretsKey();
        String oldKey = stack.setting("SLUICE_SECRETS_KEY");
        stack.restart("control", Map.of("SLUICE_SECRETS_KEY", newKey, "SLUICE_SECRETS_PREVIOUS_KEYS", oldKey));
        Map<String, String> after = storedSecrets();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        for (String key : before.keySet()) {
            assertThat(after.get(key)).as(key + " re-sealed").startsWith("v1:").isNotEqualTo(before.get(key));
        }
        assertThat(Files.readString(stack.service("control").log())).contains("key rotation: re-sealed " + before.size() + " stored task password(s)");

        // Without the old key: the passwords still open, so the precheck connects to both databases.
        stack.restart("control", Map.of("SLUICE_SECRETS_PREVIOUS_KEYS", ""));
        Cli.Result pre = cli("task", "precheck", id);
        assertThat(pre.out() + pre.err()).doesNotContain("cannot decrypt");
        assertThat(pre.code()).as(pre.out() + pre.err()).isZero();
        assertThat(storedSecrets()).isEqualTo(after);
    }

    @Test
    void theReencryptCommandResealsWhatTheStartDidNot() throws Exception {
        String id = createTaskOnANewDatabase("reseal");
        Map<String, String> before = storedSecrets();
        int tasks = before.size() / 2;

        String oldKey = stack.setting("SLUICE_SECRETS_KEY");
        stack.restart("control", Map.of("SLUICE_SECRETS_KEY", newSecretsKey(), "SLUICE_SECRETS_PREVIOUS_KEYS", oldKey,
                "SLUICE_SECRETS_RESEAL_ON_START", "false"));
        assertThat(storedSecrets()).as("nothing re-sealed at start").isEqualTo(before);

        // Only an admin may: a viewer is refused with one line and exit code 5, and nothing changes.
        Path viewer = Files.createTempFile(dir, "viewer", ".yaml");
        Files.writeString(viewer, "token: " + stack.viewerToken() + "\n");
        Cli.Result refused = Cli.runAs(stack.controlAddress(), "secrets", "reencrypt", "--config", viewer.toString());
        assertThat(refused.code()).isEqualTo(SluiceCli.EXIT_REFUSED);
        assertThat(refused.err().strip()).startsWith("sluice: refused (permission denied)").doesNotContain("\n");
        assertThat(storedSecrets()).isEqualTo(before);

        Cli.Result first = cli("secrets", "reencrypt");
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).startsWith("re-encrypted " + before.size() + " password(s) of " + tasks + " task(s) with the current key")
                .contains("remove SLUICE_SECRETS_PREVIOUS_KEYS");
        Map<String, String> after = storedSecrets();
        for (String key : before.keySet()) {
            assertThat(after.get(key)).as(key + " re-sealed").startsWith("v1:").isNotEqualTo(before.get(key));
        }
        Cli.Result second = cli("secrets", "reencrypt");
        assertThat(second.out()).as("nothing left on the old key").startsWith("re-encrypted 0 password(s) of " + tasks + " task(s)");
        assertThat(storedSecrets()).isEqualTo(after);

        stack.restart("control", Map.of("SLUICE_SECRETS_PREVIOUS_KEYS", "", "SLUICE_SECRETS_RESEAL_ON_START", ""));
        Cli.Result pre = cli("task", "precheck", id);
        assertThat(pre.out() + pre.err()).doesNotContain("cannot decrypt");
        assertThat(pre.code()).as(pre.out() + pre.err()).isZero();
    }
}
