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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the data path does when things go wrong, and under limits: throttles, restarts, topologies. */
class ResilienceSystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(19400, "sluice_meta_resilience",
                Map.of("SLUICE_APPLY_CHUNK_ROWS", "5000", "SLUICE_APPLY_PARALLEL_CHUNKS", "3", "SLUICE_CONTROL_POLL_INTERVAL", "500ms")).start();
        db = stack.db();
        db.recreatePgDatabase("e2e_target");
        db.recreatePgDatabase("e2e_target2");
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
            st.execute("SET NAMES utf8mb4");
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    @Test
    void aValuePostgresCannotStoreFailsTheTaskNamingTableKeyAndColumn() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_nul", "CREATE DATABASE e2e_nul",
                "CREATE TABLE e2e_nul.t (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO e2e_nul.t VALUES (1, 'fine'), (42, CONCAT('a', CHAR(0), 'b'))");
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "nul", "- database: e2e_nul", ""));
        Cli.Result r = Cli.run(stack.controlAddress(), "task", "wait", id, "--phase", "incremental", "--timeout", "60");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("FAILED").contains("e2e_nul.t").contains("id=42").contains("column v").contains("NUL");
        try (Connection p = db.pg("e2e_target")) {
            assertThat(TableComparator.count(p, "e2e_nul.t")).as("nothing silently changed or half-copied").isZero();
        }
    }

    @Test
    void fullCopyHoldsTheRowsPerSecondLimit() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_throttle", "CREATE DATABASE e2e_throttle",
                "CREATE TABLE e2e_throttle.t (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO e2e_throttle.t SELECT seq, CONCAT('v', seq) FROM e2e_throttle.seq_1_to_100000");
        long limit = 25_000;
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "throttle", "- database: e2e_throttle",
                "throttle: {full: {rowsPerSecond: " + limit + "}}"));
        driver.waitFor(id, "incremental", 120);
        try (Connection p = db.pg("e2e_target"); ResultSet rs = p.createStatement().executeQuery(
                "SELECT sum(rows) FILTER (WHERE done_at > (SELECT min(done_at) FROM sluice.snapshot_chunk WHERE task_id = '" + id + "')), "
                        + "extract(epoch FROM max(done_at) - min(done_at)) FROM sluice.snapshot_chunk WHERE task_id = '" + id + "'")) {
            rs.next();
            double rate = rs.getLong(1) / rs.getDouble(2);
            assertThat(rate).as("rows/s between the first and the last chunk commit").isBetween(limit * 0.8, limit * 1.2);
        }
    }

    @Test
    void aMixedWorkloadDuringTheFullCopyEndsEqual() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_fuzzy", "CREATE DATABASE e2e_fuzzy",
                "CREATE TABLE e2e_fuzzy.t (id INT PRIMARY KEY, v INT, note VARCHAR(30))",
                "INSERT INTO e2e_fuzzy.t SELECT seq, seq, 'initial' FROM e2e_fuzzy.seq_1_to_60000");
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        Thread workload = new Thread(() -> {
            java.util.Random random = new java.util.Random(3);
            try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
                while (running.get()) {
                    int id = 1 + random.nextInt(70000);
                    switch (writes.incrementAndGet() % 4) {
                        case 0 -> st.execute("DELETE FROM e2e_fuzzy.t WHERE id = " + id);
                        case 1 -> st.execute("INSERT IGNORE INTO e2e_fuzzy.t VALUES (" + id + ", 0, 'inserted')");
                        case 2 -> st.execute("UPDATE e2e_fuzzy.t SET id = id + 100000 WHERE id = " + id);
                        default -> st.execute("UPDATE e2e_fuzzy.t SET v = v + 1, note = 'updated' WHERE id = " + id);
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "fuzzy", "- database: e2e_fuzzy", "throttle: {full: {rowsPerSecond: 15000}}"));
        workload.start();
        try {
            driver.waitFor(id, "incremental", 120);
            assertThat(writes.get()).as("the workload ran during the copy").isGreaterThan(500);
        } finally {
            running.set(false);
            workload.join();
        }
        driver.awaitEqual(db, "e2e_fuzzy", "e2e_fuzzy", List.of("t"), Duration.ofSeconds(90));
    }

    @Test
    void mariadbRestartedMidStreamIsRetriedAndCaughtUp() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_restart", "CREATE DATABASE e2e_restart",
                "CREATE TABLE e2e_restart.t (id INT PRIMARY KEY, v INT)", "INSERT INTO e2e_restart.t VALUES (1, 1)");
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "restart", "- database: e2e_restart", ""));
        driver.waitFor(id, "incremental", 60);
        maria("INSERT INTO e2e_restart.t SELECT seq, seq FROM e2e_restart.seq_2_to_1000");
        restartMariaDb();
        maria("UPDATE e2e_restart.t SET v = v * 2", "INSERT INTO e2e_restart.t VALUES (5000, 5000)");
        driver.awaitEqual(db, "e2e_restart", "e2e_restart", List.of("t"), Duration.ofSeconds(90));
        // control-service learns the state from its next poll of apply-service
        String shown = "";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!shown.contains("state   RUNNING") && System.nanoTime() < deadline) {
            shown = Cli.run(stack.controlAddress(), "task", "show", id).out();
            Thread.sleep(300);
        }
        assertThat(shown).contains("state   RUNNING");
    }

    @Test
    void aPurgedBinlogPositionFailsAtOnceSayingWhatToDo() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_purge", "CREATE DATABASE e2e_purge",
                "CREATE TABLE e2e_purge.t (id INT PRIMARY KEY)", "INSERT INTO e2e_purge.t VALUES (1)");
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "purge", "- database: e2e_purge", ""));
        driver.waitFor(id, "incremental", 60);
        assertThat(Cli.run(stack.controlAddress(), "task", "pause", id).code()).isZero();
        maria("INSERT INTO e2e_purge.t VALUES (2)", "FLUSH BINARY LOGS", "INSERT INTO e2e_purge.t VALUES (3)", "FLUSH BINARY LOGS");
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
            rs.next();
            st.execute("PURGE BINARY LOGS TO '" + rs.getString(1) + "'");
        }
        assertThat(Cli.run(stack.controlAddress(), "task", "resume", id).code()).isZero();
        Cli.Result r = Cli.run(stack.controlAddress(), "task", "wait", id, "--phase", "done", "--timeout", "30");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("FAILED").contains("purged").contains("full synchronization");
    }

    @Test
    void oneSourceToTwoDestinationsAndTwoSourcesIntoOneSchema() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_src_a", "DROP DATABASE IF EXISTS e2e_src_b", "CREATE DATABASE e2e_src_a", "CREATE DATABASE e2e_src_b",
                "CREATE TABLE e2e_src_a.a (id INT PRIMARY KEY, v VARCHAR(10))", "CREATE TABLE e2e_src_b.b (id INT PRIMARY KEY, v VARCHAR(10))",
                "INSERT INTO e2e_src_a.a VALUES (1, 'a1')", "INSERT INTO e2e_src_b.b VALUES (1, 'b1')");
        // one source database to two destination databases
        String toFirst = driver.createAndStart(dir, TaskDriver.yaml(db, "fan-out-1", "- database: e2e_src_a", ""));
        String toSecond = driver.createAndStart(dir, TaskDriver.yaml(db, "fan-out-2", "- database: e2e_src_a", "")
                .replace("database: e2e_target,", "database: e2e_target2,"));
        // two source databases merged into one destination schema
        String mergeA = driver.createAndStart(dir, TaskDriver.yaml(db, "merge-a", "- database: e2e_src_a\n  rename: merged", ""));
        String mergeB = driver.createAndStart(dir, TaskDriver.yaml(db, "merge-b", "- database: e2e_src_b\n  rename: merged", ""));
        for (String id : List.of(toFirst, toSecond, mergeA, mergeB)) {
            driver.waitFor(id, "incremental", 60);
        }
        maria("INSERT INTO e2e_src_a.a VALUES (2, 'a2')", "UPDATE e2e_src_b.b SET v = 'b1!' WHERE id = 1", "INSERT INTO e2e_src_b.b VALUES (2, 'b2')");
        driver.awaitEqual(db, "e2e_src_a", "e2e_src_a", List.of("a"), Duration.ofSeconds(30));
        driver.awaitEqual(db, "e2e_src_a", "merged", List.of("a"), Duration.ofSeconds(30));
        driver.awaitEqual(db, "e2e_src_b", "merged", List.of("b"), Duration.ofSeconds(30));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Connection p2 = db.pg("e2e_target2")) {
            while (TableComparator.count(p2, "e2e_src_a.a") != 2 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(TableComparator.count(p2, "e2e_src_a.a")).as("the second destination follows too").isEqualTo(2);
        }
        try (Connection p = db.pg("e2e_target"); ResultSet rs = p.createStatement().executeQuery(
                "SELECT count(DISTINCT task_id) FROM sluice.task_checkpoint WHERE task_id IN ('" + toFirst + "','" + mergeA + "','" + mergeB + "')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("each task keeps its own checkpoint").isEqualTo(3);
        }
    }

    /** Stops the local MariaDB (SIGTERM, as a restart does) and starts it again through db.sh. */
    static void restartMariaDb() throws Exception {
        Process status = new ProcessBuilder(db.repoRoot().resolve("deploy/local/db.sh").toString(), "status").start();
        String out = new String(status.getInputStream().readAllBytes());
        status.waitFor();
        Matcher m = Pattern.compile("mariadb: running pid=(\\d+)").matcher(out);
        assertThat(m.find()).as(out).isTrue();
        long pid = Long.parseLong(m.group(1));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(3000);
        LocalDatabases.run(db.repoRoot(), "start");
    }

    static boolean isZombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return true;
        }
    }
}
