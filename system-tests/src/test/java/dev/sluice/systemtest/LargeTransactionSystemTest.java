package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.testkit.TableComparator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One source transaction of 1,000,000 rows, through capture and apply limited to 256 MB of heap each
 * (they exit on OutOfMemoryError): the transaction streams through and commits atomically.
 */
class LargeTransactionSystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(19800, "sluice_meta_large", Map.of("SLUICE_TEST_HEAP_CAPTURE", "256m", "SLUICE_TEST_HEAP_APPLY", "256m")).start();
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
    void aMillionRowTransactionAppliesWithBoundedMemory() throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS e2e_large");
            st.execute("CREATE DATABASE e2e_large");
            st.execute("CREATE TABLE e2e_large.t (id INT PRIMARY KEY, payload VARCHAR(100))");
        }
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "large", "- database: e2e_large", ""));
        driver.waitFor(id, "incremental", 60);
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            st.execute("INSERT INTO e2e_large.t SELECT seq, CONCAT('payload of row ', seq, ' padded to be a bit longer') FROM e2e_large.seq_1_to_1000000");
            c.commit();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        long count = 0;
        try (Connection p = db.pg("e2e_target")) {
            while (System.nanoTime() < deadline) {
                count = TableComparator.count(p, "e2e_large.t");
                // atomic: the destination never shows part of the source transaction
                assertThat(count).isIn(0L, 1_000_000L);
                if (count == 1_000_000L) {
                    break;
                }
                Thread.sleep(500);
            }
        }
        assertThat(count).as(driver.logs()).isEqualTo(1_000_000L);
        assertThat(stack.service("capture").isAlive()).isTrue();
        assertThat(stack.service("apply").isAlive()).isTrue();
        driver.awaitEqual(db, "e2e_large", "e2e_large", List.of("t"), Duration.ofSeconds(60));
        Cli.Result show = Cli.run(stack.controlAddress(), "task", "show", id);
        assertThat(show.out()).contains("RUNNING, phase INCREMENTAL");
    }
}
