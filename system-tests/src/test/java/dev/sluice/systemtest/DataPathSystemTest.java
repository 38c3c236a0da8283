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
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema → full → incremental through the real services (separate processes), MariaDB and
 * PostgreSQL: every value arrives equal, crashes lose and duplicate nothing.
 */
class DataPathSystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(19200, "sluice_meta_datapath",
                Map.of("SLUICE_APPLY_CHUNK_ROWS", "500", "SLUICE_APPLY_PARALLEL_CHUNKS", "3", "SLUICE_CONTROL_POLL_INTERVAL", "500ms")).start();
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
            st.execute("SET NAMES utf8mb4");
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static final List<String> TYPED_TABLES = List.of("every_type", "parent", "child", "Order Lines", "nokey");

    static void createTypedDatabase() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e", "CREATE DATABASE e2e CHARACTER SET utf8mb4", "USE e2e", "SET SESSION sql_mode = ''",
                """
                CREATE TABLE every_type (
                  id INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY,
                  ti TINYINT, tiu TINYINT UNSIGNED, si SMALLINT, siu SMALLINT UNSIGNED, mi MEDIUMINT, miu MEDIUMINT UNSIGNED,
                  i INT, iu INT UNSIGNED, bi BIGINT, biu BIGINT UNSIGNED, b1 TINYINT(1),
                  dec65 DECIMAL(65,30), dec2 DECIMAL(10,2), f FLOAT, d DOUBLE, bits BIT(10), bit64 BIT(64),
                  c CHAR(10), vc VARCHAR(200), tx TEXT, l1 VARCHAR(50) CHARACTER SET latin1,
                  bn BINARY(8), vb VARBINARY(100), bl BLOB, lb LONGBLOB,
                  e ENUM('small','medium','large'), s SET('red','green','blue'),
                  dt DATE, dtm DATETIME(6), ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(6), yr YEAR,
                  js JSON, u UUID, ip6 INET6, ip4 INET4
                )""",
                "CREATE TABLE parent (id INT PRIMARY KEY, name VARCHAR(20))",
                "CREATE TABLE child (id INT PRIMARY KEY, parent_id INT, note VARCHAR(20), "
                        + "FOREIGN KEY (parent_id) REFERENCES parent (id) ON DELETE CASCADE ON UPDATE CASCADE)",
                "CREATE TABLE `Order Lines` (`order` INT NOT NULL, `line\"no` SMALLINT NOT NULL, `naïve_名前` VARCHAR(30), PRIMARY KEY (`order`, `line\"no`))",
                "CREATE TABLE nokey (a INT, b VARCHAR(10))",
                // extremes, NULLs, zero dates
                "INSERT INTO every_type (id) VALUES (1)",
                """
                INSERT INTO every_type VALUES (2, -128, 255, -32768, 65535, -8388608, 16777215, -2147483648, 4294967295,
                  -9223372036854775808, 18446744073709551615, 1,
                  '99999999999999999999999999999999999.999999999999999999999999999999', -12345678.99, 16777216, 1.7976931348623157E308,
                  b'1111111111', b'1111111111111111111111111111111111111111111111111111111111111111',
                  'fixed', 'Zoë 🚀 Ñandú 名前', REPEAT('long text ', 1000), 'Ångström café',
                  x'0102030400000000', x'00ff00', REPEAT(x'ab', 70000), REPEAT(x'cd', 1048576),
                  'large', 'red,blue', '9999-12-31', '9999-12-31 23:59:59.999999', '2038-01-19 03:14:07.999999',
                  '838:59:59.000000', 2155, '{"k": [1, 2.5, "x", null, {"é": true}]}',
                  '123e4567-e89b-12d3-a456-426614174000', '2001:db8::1', '192.168.0.1')""",
                """
                INSERT INTO every_type VALUES (3, 127, 0, 32767, 0, 8388607, 0, 2147483647, 0, 9223372036854775807, 0, 0,
                  '-99999999999999999999999999999999999.999999999999999999999999999999', 0.01, -3.4028235E38, -2.2250738585072014E-308,
                  b'0', b'0', '', '', '', '', x'00', x'', x'', x'', '', '', '0000-00-00', '0000-00-00 00:00:00', '1970-01-01 00:00:01',
                  '-838:59:59.999999', 0, '[]', '00000000-0000-0000-0000-000000000000', '::', '0.0.0.0')""",
                """
                INSERT INTO every_type (ti, si, i, bi, biu, dec65, dec2, f, d, bits, c, vc, tx, l1, bn, vb, e, s, dt, dtm, ts, tm, yr, js, u)
                SELECT seq % 100, seq, seq * 1000, seq * 1000000007, seq * 3, seq / 7, seq / 3, seq / 9, seq / 11, seq % 1024,
                  CONCAT('c', seq), CONCAT('row ', seq, ' ✓'), REPEAT('t', seq % 50), CONCAT('é', seq), UNHEX(LPAD(HEX(seq), 16, '0')),
                  UNHEX(HEX(seq)), ELT(1 + seq % 3, 'small', 'medium', 'large'), ELT(1 + seq % 3, 'red', 'green,blue', ''),
                  DATE_ADD('2000-01-01', INTERVAL seq DAY), DATE_ADD('2000-01-01 00:00:00.5', INTERVAL seq SECOND),
                  FROM_UNIXTIME(1600000000 + seq), SEC_TO_TIME(CAST(seq AS SIGNED) * 37 - 50000), 1901 + seq % 250, JSON_OBJECT('n', seq), UUID()
                FROM seq_1_to_2000""",
                "INSERT INTO parent VALUES (1, 'one'), (2, 'two'), (3, 'three')",
                "INSERT INTO child VALUES (10, 1, 'a'), (11, 1, 'b'), (20, 2, 'c'), (30, 3, 'd')",
                "INSERT INTO `Order Lines` VALUES (1, 1, 'Ünïcødé'), (1, 2, 'x'), (2, 1, NULL)",
                "INSERT INTO nokey VALUES (1, 'a'), (1, 'a'), (2, NULL)");
    }

    @Test
    void everyValueArrivesThroughFullAndIncrementalSync() throws Exception {
        createTypedDatabase();
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "e2e-types", "- database: e2e", ""));
        driver.waitFor(id, "incremental", 240);
        assertThat(TaskDriver.differences(db, "e2e", "e2e", TYPED_TABLES)).isEmpty();

        maria("USE e2e", "SET SESSION sql_mode = ''",
                "INSERT INTO every_type (id, vc, dtm, tm, biu, dec65, js, bl) VALUES (100000, 'inserted 😀', '2024-02-29 12:00:00.000001', "
                        + "'-00:00:00.000001', 18446744073709551614, '0.000000000000000000000000000001', '{\"a\": {\"b\": [true, false]}}', x'00')",
                "UPDATE every_type SET vc = CONCAT(vc, ' updated'), f = f * 2, s = 'green', e = NULL WHERE id % 10 = 0",
                "UPDATE every_type SET id = id + 500000 WHERE id BETWEEN 50 AND 59",
                "DELETE FROM every_type WHERE id % 7 = 0",
                "UPDATE every_type SET dt = '0000-00-00', dtm = '2024-00-10 00:00:00' WHERE id = 11",
                "START TRANSACTION", "INSERT INTO parent VALUES (4, 'four')", "INSERT INTO child VALUES (40, 4, 'e')",
                "UPDATE `Order Lines` SET `naïve_名前` = 'changed' WHERE `order` = 1", "COMMIT",
                "START TRANSACTION", "INSERT INTO parent VALUES (5, 'rolled back')", "DELETE FROM every_type WHERE id = 1", "ROLLBACK",
                "DELETE FROM parent WHERE id = 1",
                "UPDATE parent SET id = 22 WHERE id = 2",
                "INSERT INTO nokey VALUES (3, 'c')", "UPDATE nokey SET b = 'z' WHERE a = 2", "DELETE FROM nokey WHERE a = 1 LIMIT 1",
                "UPDATE `Order Lines` SET `line\"no` = 9 WHERE `order` = 2",
                // one transaction of 20,000 rows
                "START TRANSACTION",
                "INSERT INTO every_type (vc, i) SELECT CONCAT('bulk ', seq), seq FROM seq_1_to_20000",
                "UPDATE every_type SET i = -i WHERE vc LIKE 'bulk %' AND i % 2 = 0",
                "COMMIT");
        driver.awaitEqual(db, "e2e", "e2e", TYPED_TABLES, Duration.ofSeconds(90));
        try (Connection p = db.pg("e2e_target"); ResultSet rs = p.createStatement().executeQuery(
                "SELECT count(*) FROM e2e.child c LEFT JOIN e2e.parent p ON p.id = c.parent_id WHERE p.id IS NULL")) {
            rs.next();
            assertThat(rs.getInt(1)).as("orphans after cascading delete").isZero();
        }

        // A schema change on a synchronized table stops the task, naming statement and table.
        maria("ALTER TABLE e2e.parent ADD COLUMN extra INT");
        Cli.Result r = Cli.run(stack.controlAddress(), "task", "wait", id, "--phase", "done", "--timeout", "60");
        assertThat(r.code()).isNotZero();
        assertThat(r.err()).contains("FAILED").contains("e2e.parent").contains("ALTER TABLE");
        maria("INSERT INTO e2e.parent VALUES (6, 'after alter', 1)");
        Thread.sleep(1000);
        try (Connection p = db.pg("e2e_target")) {
            assertThat(TableComparator.count(p, "e2e.parent")).as("nothing applied after the ALTER").isEqualTo(3);
        }
    }

    @Test
    void killingApplyOrCaptureDuringTheFullCopyLosesAndDuplicatesNothing() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_kill", "CREATE DATABASE e2e_kill", "USE e2e_kill",
                "CREATE TABLE big (id BIGINT PRIMARY KEY, payload VARCHAR(100), n INT)",
                "INSERT INTO big SELECT seq, CONCAT('payload ', seq), seq % 1000 FROM seq_1_to_30000",
                "CREATE TABLE heap (a INT, b VARCHAR(20))",
                "INSERT INTO heap SELECT seq % 100, 'dup' FROM seq_1_to_3000");
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "e2e-kill", "- database: e2e_kill",
                "throttle: {full: {rowsPerSecond: 5000}}"));
        awaitCopiedRows(id, 3000);
        stack.service("apply").kill();
        stack.restart("apply");
        awaitCopiedRows(id, 12000);
        stack.service("capture").kill();
        stack.restart("capture");
        driver.waitFor(id, "incremental", 240);
        assertThat(TaskDriver.differences(db, "e2e_kill", "e2e_kill", List.of("big", "heap"))).isEmpty();
        try (Connection p = db.pg("e2e_target")) {
            assertThat(TableComparator.count(p, "e2e_kill.big")).isEqualTo(30000);
            assertThat(TableComparator.count(p, "e2e_kill.heap")).as("keyless table copied exactly once").isEqualTo(3000);
            try (ResultSet rs = p.createStatement().executeQuery(
                    "SELECT sum(rows), count(*) FILTER (WHERE done_at IS NULL) FROM sluice.snapshot_chunk WHERE task_id = '" + id + "'")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(33000);
                assertThat(rs.getLong(2)).isZero();
            }
        }
    }

    @Test
    void killingServicesDuringIncrementalSyncAppliesEveryTransactionExactlyOnce() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_inc", "CREATE DATABASE e2e_inc", "USE e2e_inc",
                "CREATE TABLE counter (id INT PRIMARY KEY, n BIGINT NOT NULL)", "INSERT INTO counter VALUES (1, 0)",
                "CREATE TABLE log (txn INT PRIMARY KEY, at DATETIME(6), note VARCHAR(50))");
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "e2e-inc", "- database: e2e_inc", ""));
        driver.waitFor(id, "incremental", 120);
        try (Connection p = db.pg("e2e_target"); Statement st = p.createStatement()) {
            // Every source transaction updates the counter once: an ALWAYS trigger records each application
            // of such an update, so a transaction applied twice shows up as a repeated value.
            st.execute("CREATE TABLE public.audit (n bigint)");
            st.execute("CREATE FUNCTION public.audit_counter() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN INSERT INTO public.audit VALUES (NEW.n); RETURN NEW; END $$");
            st.execute("CREATE TRIGGER audit AFTER UPDATE ON e2e_inc.counter FOR EACH ROW EXECUTE FUNCTION public.audit_counter()");
            st.execute("ALTER TABLE e2e_inc.counter ENABLE ALWAYS TRIGGER audit");
        }
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger transactions = new AtomicInteger();
        Thread workload = new Thread(() -> {
            try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
                st.execute("USE e2e_inc");
                c.setAutoCommit(false);
                for (int i = 1; running.get(); i++) {
                    st.execute("INSERT INTO log VALUES (" + i + ", NOW(6), 'txn " + i + "')");
                    st.execute("UPDATE counter SET n = n + 1 WHERE id = 1");
                    if (i % 5 == 0) {
                        st.execute("UPDATE log SET note = 'edited' WHERE txn = " + (i - 3));
                    }
                    if (i % 11 == 0) {
                        st.execute("DELETE FROM log WHERE txn = " + (i - 7));
                    }
                    c.commit();
                    transactions.set(i);
                    Thread.sleep(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        workload.start();
        Random random = new Random(42);
        for (int k = 0; k < 6; k++) {
            Thread.sleep(1000 + random.nextInt(2000));
            String victim = k % 2 == 0 ? "capture" : "apply";
            stack.service(victim).kill();
            stack.restart(victim);
        }
        Thread.sleep(1000);
        running.set(false);
        workload.join();
        assertThat(transactions.get()).isGreaterThan(100);
        driver.awaitEqual(db, "e2e_inc", "e2e_inc", List.of("counter", "log"), Duration.ofSeconds(120));
        try (Connection p = db.pg("e2e_target"); Statement st = p.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT n FROM e2e_inc.counter")) {
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(transactions.get());
            }
            try (ResultSet rs = st.executeQuery("SELECT count(*), count(DISTINCT n) FROM public.audit")) {
                rs.next();
                assertThat(rs.getLong(1)).as("each source transaction applied exactly once").isEqualTo(rs.getLong(2));
                assertThat(rs.getLong(2)).isEqualTo(transactions.get());
            }
        }
    }

    /** Waits until the task's full copy reports at least this many rows (so a kill lands mid-copy). */
    static void awaitCopiedRows(String id, long rows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            Cli.Result r = Cli.run(stack.controlAddress(), "task", "show", id, "--json");
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"rowsCopied\": \"?(\\d+)").matcher(r.out());
            long total = 0;
            while (m.find()) {
                total += Long.parseLong(m.group(1));
            }
            if (total >= rows) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the full copy did not reach " + rows + " rows\n" + driver.logs());
    }
}
