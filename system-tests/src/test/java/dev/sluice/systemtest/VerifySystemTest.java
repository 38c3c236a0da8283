package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** sluice task verify: equal when equal, exactly the differing keys and columns when not, --repair, no false alarms under load. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifySystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    static String taskId;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(20000, "sluice_meta_verify", Map.of("SLUICE_CONTROL_POLL_INTERVAL", "500ms")).start();
        db = stack.db();
        db.recreatePgDatabase("e2e_target");
        driver = new TaskDriver(stack);
        maria("DROP DATABASE IF EXISTS e2e_verify", "CREATE DATABASE e2e_verify", "USE e2e_verify", "SET SESSION sql_mode = ''",
                "CREATE TABLE big (id INT PRIMARY KEY, name VARCHAR(40), amount DECIMAL(12,2), at DATETIME(6), flag TINYINT)",
                "INSERT INTO big SELECT seq, CONCAT('name ', seq), seq / 100, DATE_ADD('2020-01-01', INTERVAL seq SECOND), seq % 2 FROM seq_1_to_1000000",
                """
                CREATE TABLE types (id INT PRIMARY KEY, i INT, bu BIGINT UNSIGNED, d DECIMAL(65,30), f FLOAT, dbl DOUBLE, b BIT(10),
                  c CHAR(5), v VARCHAR(20), t TEXT, bin BINARY(4), bl BLOB, e ENUM('x','y'), s SET('p','q'), dt DATE, dtm DATETIME(6),
                  ts TIMESTAMP(6) NULL DEFAULT NULL, tm TIME(6), y YEAR, u UUID, ip INET4, j JSON)""",
                "INSERT INTO types SELECT seq, seq, 18446744073709551615 - seq, seq / 3, seq / 7, seq / 11, seq % 1024, 'c', CONCAT('v', seq), "
                        + "REPEAT('t', seq), UNHEX('0A0B0C0D'), UNHEX('FF00'), 'x', 'p,q', DATE_ADD('2000-01-01', INTERVAL seq DAY), "
                        + "'2001-02-03 04:05:06.123456', FROM_UNIXTIME(1700000000 + seq), SEC_TO_TIME(CAST(seq AS SIGNED) - 10), 1999 + seq, UUID(), '10.0.0.1', "
                        // key order, spacing, duplicate keys, decimals with their scale, unicode: what jsonb normalizes
                        + "CONCAT('{\"zz\": ', seq, ', \"a\":\"é', seq, '\", \"n\": [', seq / 4, ', 1e2, -0.0], \"a\": \"dup\", \"o\": {}}') "
                        + "FROM seq_1_to_30");
        taskId = driver.createAndStart(dir, TaskDriver.yaml(db, "verify", "- database: e2e_verify", ""));
        driver.waitFor(taskId, "incremental", 300);
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

    static void pg(String... sql) throws Exception {
        try (Connection c = db.pg("e2e_target"); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    static Cli.Result verify(String... extra) {
        String[] args = new String[3 + extra.length];
        args[0] = "task";
        args[1] = "verify";
        args[2] = taskId;
        System.arraycopy(extra, 0, args, 3, extra.length);
        return Cli.run(stack.controlAddress(), args);
    }

    @Test
    @Order(1)
    void aSynchronizedDatabaseOfAMillionRowsIsEqual() {
        Cli.Result checksum = verify();
        assertThat(checksum.code()).as(checksum.out() + checksum.err()).isZero();
        assertThat(checksum.out()).contains("e2e_verify.big").contains("1000000").contains("checksum: equal");
        Cli.Result count = verify("--mode", "count");
        assertThat(count.code()).as(count.out() + count.err()).isZero();
    }

    @Test
    @Order(2)
    void changedDeletedAndAddedRowsAreNamedAndRepaired() {
        try {
            pg("UPDATE e2e_verify.big SET name = 'tampered' WHERE id = 424242",
                    "DELETE FROM e2e_verify.big WHERE id = 777",
                    "INSERT INTO e2e_verify.big VALUES (2000001, 'extra', 1, now(), 0)",
                    "UPDATE e2e_verify.big SET amount = amount + 1 WHERE id = 999999");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Cli.Result r = verify("--tables", "e2e_verify.big");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("DIFFERENT").contains("(id=424242)").contains("(id=777)").contains("(id=2000001)").contains("(id=999999)")
                .contains("columns: ").contains("name").contains("amount").doesNotContain("(id=1)");
        assertThat(r.out()).containsPattern("DIFFERENT\\s+1000000\\s+1000000\\s+4");
        Cli.Result repaired = verify("--tables", "e2e_verify.big", "--repair");
        assertThat(repaired.code()).as(repaired.out() + repaired.err()).isZero();
        assertThat(repaired.out()).contains("repaired 4");
        assertThat(verify("--tables", "e2e_verify.big").code()).isZero();
    }

    @Test
    @Order(3)
    void aChangedValueInEachColumnTypeIsNamed() throws Exception {
        List<String> columns = List.of("i", "bu", "d", "f", "dbl", "b", "c", "v", "t", "bin", "bl", "e", "s", "dt", "dtm", "ts", "tm", "y", "u", "ip", "j");
        pg("UPDATE e2e_verify.types SET i = i + 1 WHERE id = 1", "UPDATE e2e_verify.types SET bu = bu - 1 WHERE id = 2",
                "UPDATE e2e_verify.types SET d = d + 0.000000000000000000000000000001 WHERE id = 3", "UPDATE e2e_verify.types SET f = f * 2 WHERE id = 4",
                "UPDATE e2e_verify.types SET dbl = dbl * 2 WHERE id = 5", "UPDATE e2e_verify.types SET b = B'0000000000' WHERE id = 6",
                "UPDATE e2e_verify.types SET c = 'd' WHERE id = 7", "UPDATE e2e_verify.types SET v = 'w' WHERE id = 8",
                "UPDATE e2e_verify.types SET t = t || 'x' WHERE id = 9", "UPDATE e2e_verify.types SET bin = '\\x0a0b0c0e' WHERE id = 10",
                "UPDATE e2e_verify.types SET bl = '\\xff01' WHERE id = 11", "UPDATE e2e_verify.types SET e = 'y' WHERE id = 12",
                "UPDATE e2e_verify.types SET s = 'p' WHERE id = 13", "UPDATE e2e_verify.types SET dt = dt + 1 WHERE id = 14",
                "UPDATE e2e_verify.types SET dtm = dtm + interval '1 microsecond' WHERE id = 15",
                "UPDATE e2e_verify.types SET ts = ts + interval '1 second' WHERE id = 16", "UPDATE e2e_verify.types SET tm = tm + interval '1 second' WHERE id = 17",
                "UPDATE e2e_verify.types SET y = y + 1 WHERE id = 18", "UPDATE e2e_verify.types SET u = gen_random_uuid() WHERE id = 19",
                "UPDATE e2e_verify.types SET ip = '10.0.0.2' WHERE id = 20",
                "UPDATE e2e_verify.types SET j = jsonb_set(j, '{n,1}', '101') WHERE id = 21");
        Cli.Result r = verify("--tables", "e2e_verify.types", "--mode", "rows");
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        for (int i = 1; i <= 21; i++) {
            assertThat(r.out()).contains("(id=" + i + ")");
        }
        assertThat(r.out()).doesNotContain("(id=22)");
        for (String c : columns) {
            assertThat(r.out()).as("column " + c).containsPattern("columns: .*\\b" + c + "\\b");
        }
        assertThat(verify("--tables", "e2e_verify.types", "--repair").code()).isZero();
    }

    @Test
    @Order(4)
    void verificationDuringAWriteWorkloadReportsNoFalseDifferences() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicInteger writes = new AtomicInteger();
        Thread workload = new Thread(() -> {
            java.util.Random random = new java.util.Random(7);
            try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
                while (running.get()) {
                    int id = 1 + random.nextInt(1_000_000);
                    st.execute("UPDATE e2e_verify.big SET name = CONCAT('w', " + writes.incrementAndGet() + "), amount = amount + 1 WHERE id = " + id);
                    if (writes.get() % 10 == 0) {
                        st.execute("INSERT INTO e2e_verify.big VALUES (" + (3_000_000 + writes.get()) + ", 'new', 1, NOW(6), 1)");
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        workload.start();
        try {
            Thread.sleep(1000);
            Cli.Result r = verify("--tables", "e2e_verify.big");
            assertThat(r.code()).as(r.out() + r.err()).isZero();
            assertThat(writes.get()).as("the workload really ran during verification").isGreaterThan(100);
        } finally {
            running.set(false);
            workload.join();
        }
    }
}
