package dev.sluice.precheck.checks;

import static dev.sluice.precheck.checks.Specs.ALL;
import static dev.sluice.precheck.checks.Specs.FULL_ONLY;
import static dev.sluice.precheck.checks.Specs.INCREMENTAL_ONLY;
import static dev.sluice.precheck.checks.Specs.run;
import static dev.sluice.precheck.checks.Specs.spec;
import static dev.sluice.precheck.checks.Specs.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.SyncTypes;
import dev.sluice.v1.TaskSpec;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Version, binlog settings, retention and server id. PASS cases read the shared local MariaDB (configured as
 * Sluice needs, never changed here); FAIL cases change global variables on a scratch server of this class,
 * so the services and other builds using the shared server's binlog are never disturbed.
 */
class SourceServerChecksTest {

    static ScratchMariaDb scratch;

    @BeforeAll
    static void startScratch() {
        scratch = ScratchMariaDb.withBinlog();
    }

    @AfterAll
    static void stopScratch() {
        if (scratch != null) {
            scratch.close();
        }
    }

    static TaskSpec onShared(SyncTypes types) {
        return spec(whole("mysql")).setTypes(types).build();
    }

    static TaskSpec onScratch(SyncTypes types) {
        return spec(whole("mysql")).setSource(scratch.endpoint()).setTypes(types).build();
    }

    /** Sets a global variable on the scratch server for the duration of one check, then restores it. */
    static CheckResult withGlobal(String variable, String value, Check check, SyncTypes types) throws SQLException {
        String before;
        try (var c = scratch.root(); var rs = c.createStatement().executeQuery("SELECT @@GLOBAL." + variable)) {
            rs.next();
            before = rs.getString(1);
        }
        scratch.setGlobal(variable, value);
        try {
            return run(check, onScratch(types));
        } finally {
            scratch.setGlobal(variable, before.matches("[0-9.]+") ? before : "'" + before + "'");
        }
    }

    // ---------------------------------------------------------------- version

    @Test
    void theLocalMariaDbVersionIsSupported() {
        CheckResult r = run(new SourceVersionCheck(), onShared(ALL));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).matches("found MariaDB 10\\.\\d+\\.\\d+ \\(10\\..*MariaDB.*\\)");
    }

    @Test
    void oldOrNonMariaDbVersionsFailSayingWhatWasFound() {
        SourceVersionCheck check = new SourceVersionCheck();
        CheckResult old = check.evaluate("10.2.44-MariaDB-log", "MariaDB Server");
        assertThat(old.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(old.getDetails()).isEqualTo("found MariaDB 10.2.44 (10.2.44-MariaDB-log); 10.3 or later is required");
        assertThat(old.getFix()).contains("10.3 or later");

        CheckResult mysql = check.evaluate("8.0.36", "MySQL Community Server - GPL");
        assertThat(mysql.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(mysql.getDetails()).contains("not MariaDB", "8.0.36", "MySQL Community Server");

        assertThat(check.evaluate("5.5.5-10.3.39-MariaDB", "").getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(check.evaluate("garbage", null).getStatus()).isEqualTo(CheckStatus.FAILED);
    }

    // ---------------------------------------------------------------- binlog settings

    @Test
    void theLocalBinlogSettingsPass() {
        for (BinlogSettingCheck check : new BinlogSettingCheck[] {BinlogSettingCheck.logBin(), BinlogSettingCheck.binlogFormat(),
                BinlogSettingCheck.rowImage(), BinlogSettingCheck.rowMetadata(), BinlogSettingCheck.logBinCompress()}) {
            CheckResult r = run(check, onShared(ALL));
            assertThat(r.getStatus()).as(r.toString()).isEqualTo(CheckStatus.PASSED);
        }
        assertThat(run(BinlogSettingCheck.rowImage(), onShared(ALL)).getDetails()).isEqualTo("binlog_row_image = FULL");
    }

    @Test
    void binaryLoggingOffFails() {
        try (ScratchMariaDb noBinlog = ScratchMariaDb.withoutBinlog()) {
            CheckResult r = run(BinlogSettingCheck.logBin(), spec(whole("mysql")).setSource(noBinlog.endpoint()));
            assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
            assertThat(r.getDetails()).startsWith("log_bin = OFF (ON is required)").contains("nothing to read");
            assertThat(r.getFix()).contains("log_bin=mysql-bin", "restart");

            // a task without incremental sync does not need the binlog at all
            CheckResult fullOnly = run(BinlogSettingCheck.logBin(), spec(whole("mysql")).setSource(noBinlog.endpoint()).setTypes(FULL_ONLY));
            assertThat(fullOnly.getStatus()).isEqualTo(CheckStatus.PASSED);
            assertThat(fullOnly.getDetails()).startsWith("not required: the task has no incremental synchronization (log_bin = OFF)");
        }
    }

    @Test
    void statementBasedLoggingFails() throws SQLException {
        CheckResult r = withGlobal("binlog_format", "'MIXED'", BinlogSettingCheck.binlogFormat(), ALL);
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).startsWith("binlog_format = MIXED (ROW is required)");
        assertThat(r.getFix()).contains("SET GLOBAL binlog_format = 'ROW'", "reconnect");
        assertThat(run(BinlogSettingCheck.binlogFormat(), onScratch(ALL)).getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void minimalRowImageFails() throws SQLException {
        CheckResult r = withGlobal("binlog_row_image", "'MINIMAL'", BinlogSettingCheck.rowImage(), ALL);
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).startsWith("binlog_row_image = MINIMAL (FULL is required)");
        assertThat(r.getFix()).contains("SET GLOBAL binlog_row_image = 'FULL'");
        assertThat(withGlobal("binlog_row_image", "'NOBLOB'", BinlogSettingCheck.rowImage(), ALL).getStatus()).isEqualTo(CheckStatus.FAILED);
    }

    @Test
    void rowMetadataBelowFullWarns() throws SQLException {
        CheckResult r = withGlobal("binlog_row_metadata", "'MINIMAL'", BinlogSettingCheck.rowMetadata(), ALL);
        assertThat(r.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.getDetails()).startsWith("binlog_row_metadata = MINIMAL (FULL is required)").contains("schema it read at start");
        assertThat(r.getFix()).contains("SET GLOBAL binlog_row_metadata = 'FULL'");
        assertThat(withGlobal("binlog_row_metadata", "'NO_LOG'", BinlogSettingCheck.rowMetadata(), ALL).getStatus())
                .isEqualTo(CheckStatus.WARNING);
    }

    @Test
    void compressedBinlogFails() throws SQLException {
        CheckResult r = withGlobal("log_bin_compress", "ON", BinlogSettingCheck.logBinCompress(), ALL);
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).startsWith("log_bin_compress = ON (OFF is required)").contains("cannot be decoded");
        assertThat(r.getFix()).contains("SET GLOBAL log_bin_compress = 'OFF'");
        assertThat(run(BinlogSettingCheck.logBinCompress(), onScratch(ALL)).getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    // ---------------------------------------------------------------- retention

    @Test
    void theLocalRetentionOfSevenDaysPasses() {
        CheckResult r = run(new BinlogRetentionCheck(), onShared(ALL));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("binlog_expire_logs_seconds = 604800 (7 days); a task with full + incremental "
                + "synchronization needs at least 7 days");
    }

    @Test
    void retentionBelowWhatTheTaskNeedsWarns() throws SQLException {
        BinlogRetentionCheck check = new BinlogRetentionCheck();
        CheckResult twelveHours = withGlobal("binlog_expire_logs_seconds", "43200", check, INCREMENTAL_ONLY);
        assertThat(twelveHours.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(twelveHours.getDetails()).startsWith("binlog_expire_logs_seconds = 43200 keeps binary logs for 12 hours; a task with "
                + "incremental synchronization only needs at least 1 day");
        assertThat(twelveHours.getFix()).contains("SET GLOBAL binlog_expire_logs_seconds = 86400");

        CheckResult twoDays = withGlobal("binlog_expire_logs_seconds", "172800", check, ALL);
        assertThat(twoDays.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(twoDays.getDetails()).contains("2 days", "full + incremental", "at least 7 days");
        assertThat(twoDays.getFix()).contains("SET GLOBAL binlog_expire_logs_seconds = 604800", "once the full copy has finished, 1 day is enough");

        assertThat(withGlobal("binlog_expire_logs_seconds", "172800", check, INCREMENTAL_ONLY).getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(withGlobal("binlog_expire_logs_seconds", "86400", check, INCREMENTAL_ONLY).getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void retentionZeroMeansNeverExpiresAndPasses() throws SQLException {
        CheckResult r = withGlobal("binlog_expire_logs_seconds", "0", new BinlogRetentionCheck(), ALL);
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("binlog_expire_logs_seconds = 0: binary logs are never removed automatically");
    }

    @Test
    void retentionIsNotNeededWithoutIncrementalSync() throws SQLException {
        CheckResult r = withGlobal("binlog_expire_logs_seconds", "3600", new BinlogRetentionCheck(), FULL_ONLY);
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).startsWith("not required");
    }

    @Test
    void serversBeforeTenSixHaveOnlyExpireLogsDays() {
        BinlogRetentionCheck check = new BinlogRetentionCheck();
        CheckResult half = check.evaluate(INCREMENTAL_ONLY, null, "0.5");
        assertThat(half.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(half.getDetails()).startsWith("expire_logs_days = 0.5 keeps binary logs for 12 hours");
        assertThat(check.evaluate(ALL, null, "10").getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(check.evaluate(ALL, null, "0").getStatus()).isEqualTo(CheckStatus.PASSED);
    }

    // ---------------------------------------------------------------- server id

    @Test
    void theLocalServerIdPasses() {
        CheckResult r = run(new ServerIdCheck(), onShared(ALL));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).startsWith("the source's server_id is 1; ").contains("1,073,741,824..2,147,483,646");
    }

    @Test
    void serverIdZeroFails() throws SQLException {
        // MariaDB 10.2.2 and later raise server_id 0 to 1, so a real 10.11 server cannot show the failure
        CheckResult clamped = withGlobal("server_id", "0", new ServerIdCheck(), ALL);
        assertThat(clamped.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(clamped.getDetails()).startsWith("the source's server_id is 1; ");

        CheckResult r = new ServerIdCheck().evaluate("0", "");
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).startsWith("the source's server_id is 0: MariaDB refuses replica connections");
        assertThat(r.getFix()).contains("SET GLOBAL server_id = 1");
    }

    @Test
    void connectedReplicasAreListed() throws Exception {
        // a second scratch server replicating from the first registers itself with a server id in Sluice's range
        try (ScratchMariaDb replica = ScratchMariaDb.withBinlog(); var c = replica.root(); var st = c.createStatement()) {
            st.execute("SET GLOBAL server_id = 1234567890");
            st.execute("CHANGE MASTER TO MASTER_HOST = '127.0.0.1', MASTER_PORT = " + scratch.endpoint().getPort()
                    + ", MASTER_USER = '" + ScratchMariaDb.USER + "', MASTER_PASSWORD = '" + ScratchMariaDb.PASSWORD + "'");
            st.execute("START SLAVE");
            try {
                CheckResult r = null;
                for (int i = 0; i < 100; i++) {
                    r = run(new ServerIdCheck(), onScratch(ALL));
                    if (r.getDetails().contains("1234567890")) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
                assertThat(r.getDetails()).contains("1 replica is registered (server ids 1234567890)",
                        "1234567890 in 1,073,741,824..2,147,483,646: other Sluice tasks");
            } finally {
                st.execute("STOP SLAVE");
            }
        }
    }
}
