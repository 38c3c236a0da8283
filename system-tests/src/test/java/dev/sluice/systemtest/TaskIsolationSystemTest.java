package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tasks on one capture-service and one apply-service are independent: while one task is throttled far
 * below what the machine can do and another keeps failing (retrying), a third is copied, follows the
 * binlog and stays equal to its source.
 */
class TaskIsolationSystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(20900, "sluice_meta_isolation", Map.of("SLUICE_APPLY_CHUNK_ROWS", "500",
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

    @Test
    void aThrottledTaskAndAFailingTaskNeverStallAnother() throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            for (String d : List.of("e2e_iso_slow", "e2e_iso_fail", "e2e_iso_fast")) {
                st.execute("DROP DATABASE IF EXISTS " + d);
                st.execute("CREATE DATABASE " + d);
            }
            st.execute("CREATE TABLE e2e_iso_slow.t (id INT PRIMARY KEY, v INT)");
            st.execute("INSERT INTO e2e_iso_slow.t SELECT seq, seq FROM e2e_iso_slow.seq_1_to_20000");
            st.execute("CREATE TABLE e2e_iso_fail.t (id INT PRIMARY KEY, a INT, b INT)");
            st.execute("INSERT INTO e2e_iso_fail.t VALUES (1, 10, 2), (2, 10, 0)");
            st.execute("CREATE TABLE e2e_iso_fast.t (id INT PRIMARY KEY, v VARCHAR(20))");
            st.execute("INSERT INTO e2e_iso_fast.t SELECT seq, CONCAT('v', seq) FROM e2e_iso_fast.seq_1_to_2000");
        }
        // 20,000 rows at 200 rows/s: this copy lasts well beyond everything below.
        String slow = driver.createAndStart(dir, TaskDriver.yaml(db, "iso-slow", "- database: e2e_iso_slow",
                "throttle: {full: {rowsPerSecond: 200}}"));
        // Row 2 divides by zero: the task retries (otherMinutes) instead of progressing.
        String failing = driver.createAndStart(dir, TaskDriver.yaml(db, "iso-fail", """
                - database: e2e_iso_fail
                  etl:
                    set:
                      ratio: {expr: "row.a / row.b", type: bigint}
                """, "retry: {connectionMinutes: 10, otherMinutes: 5}"));
        awaitShown(failing, "RETRYING", Duration.ofSeconds(60));

        String fast = driver.createAndStart(dir, TaskDriver.yaml(db, "iso-fast", "- database: e2e_iso_fast", ""));
        driver.waitFor(fast, "incremental", 90);
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("UPDATE e2e_iso_fast.t SET v = CONCAT(v, '!') WHERE id % 3 = 0");
            st.execute("DELETE FROM e2e_iso_fast.t WHERE id % 7 = 0");
            st.execute("INSERT INTO e2e_iso_fast.t SELECT seq, 'new' FROM e2e_iso_fast.seq_2001_to_2500");
        }
        driver.awaitEqual(db, "e2e_iso_fast", "e2e_iso_fast", List.of("t"), Duration.ofSeconds(60));

        // The other two are still where their throttle and their error keep them: the fast task did not
        // wait for them to finish, and they did not stop because of it.
        String slowShown = show(slow);
        assertThat(slowShown).as(slowShown).contains("RUNNING").contains("phase FULL");
        long slowRows;
        try (Connection p = db.pg("e2e_target"); Statement st = p.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM e2e_iso_slow.t")) {
            rs.next();
            slowRows = rs.getLong(1);
        }
        assertThat(slowRows).as("the throttled task progresses").isPositive().isLessThan(20000);
        assertThat(show(failing)).contains("RETRYING").contains("row.a / row.b");

        // Stopping one task leaves the others as they were.
        Cli.Result stopped = Cli.run(stack.controlAddress(), "task", "stop", failing);
        assertThat(stopped.code()).as(stopped.err()).isZero();
        assertThat(show(slow)).contains("RUNNING");
        Cli.Result stoppedSlow = Cli.run(stack.controlAddress(), "task", "stop", slow);
        assertThat(stoppedSlow.code()).as(stoppedSlow.err()).isZero();
    }

    private static String show(String id) {
        return Cli.run(stack.controlAddress(), "task", "show", id).out();
    }

    private static void awaitShown(String id, String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = show(id);
            if (shown.contains(text)) {
                return;
            }
            Thread.sleep(500);
        }
        assertThat(shown).as("task %s never showed %s", id, text).contains(text);
    }
}
