package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** deploy/local/db.sh: idempotent, binlog configured as Sluice needs, never touches servers it did not start. */
class DbScriptTest {

    static final Map<String, String> OTHER = Map.of(
            "SLUICE_MARIADB_PORT", "23306", "SLUICE_PG_PORT", "25432", "SLUICE_DATA_DIR", "/tmp/sluice-dbscript-test");
    static LocalDatabases db;

    @BeforeAll
    static void start() {
        db = LocalDatabases.get();
    }

    @AfterAll
    static void stopOther() throws Exception {
        script(OTHER, "stop");
    }

    @Test
    void secondStartRestartsNothing() throws Exception {
        String before = script(Map.of(), "status").out;
        Result again = script(Map.of(), "start");
        assertThat(again.code).isZero();
        assertThat(pids(script(Map.of(), "status").out)).isEqualTo(pids(before));
    }

    @Test
    void mariadbHasTheBinlogSettingsSluiceNeeds() throws Exception {
        try (Connection c = db.mariaRoot(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT @@log_bin, @@binlog_format, @@binlog_row_image, @@binlog_row_metadata, @@server_id, @@character_set_server")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(1);
            assertThat(rs.getString(2)).isEqualTo("ROW");
            assertThat(rs.getString(3)).isEqualTo("FULL");
            assertThat(rs.getString(4)).isEqualTo("FULL");
            assertThat(rs.getLong(5)).isPositive();
            assertThat(rs.getString(6)).isEqualTo("utf8mb4");
        }
        try (Connection c = db.pg("sluice_meta"); ResultSet rs = c.createStatement().executeQuery("SHOW server_version_num")) {
            rs.next();
            assertThat(rs.getInt(1)).isGreaterThanOrEqualTo(150000);
        }
    }

    @Test
    void leavesOtherRunningServersAlone() throws Exception {
        assertThat(script(OTHER, "start").code).isZero();
        String otherPids = pids(script(OTHER, "status").out);
        String ourPids = pids(script(Map.of(), "status").out);

        // Starting, stopping and starting our own instance never touches the other one.
        assertThat(script(Map.of(), "start").code).isZero();
        assertThat(script(Map.of(), "stop").code).isZero();
        assertThat(script(Map.of(), "start").code).isZero();
        assertThat(pids(script(OTHER, "status").out)).isEqualTo(otherPids);
        assertThat(script(OTHER, "status").code).isZero();

        // Pointing our configuration at a port the other server holds is refused, naming the setting.
        Result clash = script(Map.of("SLUICE_MARIADB_PORT", "23306", "SLUICE_DATA_DIR", "/tmp/sluice-dbscript-clash"), "start");
        assertThat(clash.code).isNotZero();
        assertThat(clash.err).contains("SLUICE_MARIADB_PORT");
        assertThat(pids(script(OTHER, "status").out)).isEqualTo(otherPids);
        assertThat(pids(script(Map.of(), "status").out)).isNotEqualTo(ourPids); // restarted above, on purpose
        db = LocalDatabases.get();
        try (Connection c = db.maria()) {
            assertThat(c.isValid(5)).isTrue();
        }
    }

    @Test
    void unknownCommandIsAUsageError() throws Exception {
        Result r = script(Map.of(), "launch");
        assertThat(r.code).isEqualTo(2);
        assertThat(r.err + r.out).contains("start|stop|status|env");
    }

    @Test
    void envPrintsConnectionSettings() {
        assertThat(db.mariaPort()).isPositive();
        assertThat(db.pgPort()).isPositive();
        assertThatThrownBy(() -> db.env("NOT_PRINTED")).hasMessageContaining("NOT_PRINTED");
    }

    static String pids(String status) {
        Matcher m = Pattern.compile("pid=(\\d+)").matcher(status);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            sb.append(m.group(1)).append(' ');
        }
        assertThat(sb).as("status output: %s", status).isNotEmpty();
        return sb.toString().trim();
    }

    record Result(int code, String out, String err) {
    }

    static Result script(Map<String, String> env, String command) throws IOException, InterruptedException {
        Path root = RepoRoot.find();
        ProcessBuilder pb = new ProcessBuilder(root.resolve("deploy/local/db.sh").toString(), command);
        pb.environment().putAll(env);
        Path err = Files.createTempFile("dbsh", ".err");
        pb.redirectError(err.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
        String errText = Files.readString(err);
        Files.delete(err);
        return new Result(p.exitValue(), out, errText);
    }
}
