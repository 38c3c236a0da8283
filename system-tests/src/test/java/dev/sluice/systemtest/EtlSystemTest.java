package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Filters, computed columns, drops and renames through full and then incremental sync; the
 * expectation is computed independently, in SQL, on the MariaDB side.
 */
class EtlSystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    static final String ETL = """
            - database: e2e_etl
              tables:
                - name: customers
                  rename: clients
                  renameColumns: {email: email_address}
                  etl:
                    filter: "row.status != 'deleted' && double(row.amount) > 0.0"
                    set:
                      email_address: "row.email.lowerAscii()"
                      full_name: "row.first_name + ' ' + row.last_name"
                      synced_from: "'shop-eu'"
                      doubled: {expr: "row.qty * 2", type: bigint}
                    drop: [internal_notes]
            """;

    /** What PostgreSQL must hold, computed by MariaDB itself. */
    static final String EXPECTED = "SELECT id, first_name, last_name, LOWER(email), status, CAST(amount AS CHAR), CAST(qty AS CHAR), "
            + "CONCAT(first_name, ' ', last_name), 'shop-eu', CAST(qty * 2 AS CHAR) FROM e2e_etl.customers "
            + "WHERE status <> 'deleted' AND amount > 0 ORDER BY id";
    static final String ACTUAL = "SELECT id, first_name, last_name, email_address, status, amount::text, qty::text, full_name, synced_from, "
            + "doubled::text FROM e2e_etl.clients ORDER BY id";

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(19900, "sluice_meta_etl", Map.of("SLUICE_APPLY_CHUNK_ROWS", "50", "SLUICE_CONTROL_POLL_INTERVAL", "500ms")).start();
        db = stack.db();
        db.recreatePgDatabase("e2e_target");
        driver = new TaskDriver(stack);
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS e2e_etl");
            st.execute("CREATE DATABASE e2e_etl");
            st.execute("CREATE TABLE e2e_etl.customers (id INT PRIMARY KEY, first_name VARCHAR(50), last_name VARCHAR(50), email VARCHAR(100), "
                    + "status VARCHAR(20), amount DECIMAL(10,2), internal_notes TEXT, qty INT)");
            st.execute("INSERT INTO e2e_etl.customers SELECT seq, CONCAT('First', seq), CONCAT('Last', seq), CONCAT('User', seq, '@Example.COM'), "
                    + "ELT(1 + seq % 4, 'active', 'deleted', 'new', 'active'), CAST(seq % 7 AS SIGNED) - 2, 'secret note', seq "
                    + "FROM e2e_etl.seq_1_to_400");
        }
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    static List<String> rows(Connection c, String sql) throws Exception {
        List<String> out = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            while (rs.next()) {
                StringBuilder sb = new StringBuilder();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    sb.append(rs.getString(i)).append('|');
                }
                out.add(sb.toString());
            }
        }
        return out;
    }

    static void awaitExpected() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<String> expected;
        List<String> actual;
        do {
            try (Connection m = db.mariaRoot(); Connection p = db.pg("e2e_target")) {
                expected = rows(m, EXPECTED);
                actual = rows(p, ACTUAL);
            }
            if (expected.equals(actual)) {
                return;
            }
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        assertThat(actual).as(driver.logs()).isEqualTo(expected);
    }

    @Test
    void filtersComputedColumnsDropsAndRenamesThroughFullAndIncrementalSync() throws Exception {
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "etl", ETL, ""));
        driver.waitFor(id, "incremental", 90);
        awaitExpected();
        try (Connection p = db.pg("e2e_target"); ResultSet rs = p.createStatement().executeQuery(
                "SELECT count(*) FROM information_schema.columns WHERE table_schema = 'e2e_etl' AND table_name = 'clients' AND column_name = 'internal_notes'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("dropped column is not created").isZero();
        }
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("UPDATE e2e_etl.customers SET status = 'deleted' WHERE id BETWEEN 1 AND 40");        // out of the filter
            st.execute("UPDATE e2e_etl.customers SET status = 'active', amount = 10 WHERE id BETWEEN 41 AND 80"); // into the filter
            st.execute("UPDATE e2e_etl.customers SET email = 'CHANGED@X.ORG', qty = qty + 1000 WHERE id BETWEEN 81 AND 120");
            st.execute("DELETE FROM e2e_etl.customers WHERE id BETWEEN 121 AND 160");                      // matched or not
            st.execute("INSERT INTO e2e_etl.customers VALUES (1000, 'In', 'Filter', 'IN@X.COM', 'active', 5, 'n', 7), "
                    + "(1001, 'Out', 'Filter', 'OUT@X.COM', 'deleted', 5, 'n', 8)");
            st.execute("UPDATE e2e_etl.customers SET id = id + 5000 WHERE id BETWEEN 161 AND 170");
        }
        awaitExpected();
        verifiesTheFilteredAndComputedTable(id);
    }

    /**
     * Verification applies the filter and the expressions to the source side: equal after the sync;
     * a copied column, two computed ones and a row the filter excludes, all tampered with in
     * PostgreSQL, are named by key and column; --repair restores them (and deletes the excluded row).
     */
    void verifiesTheFilteredAndComputedTable(String id) throws Exception {
        for (String mode : List.of("checksum", "rows")) {
            Cli.Result equal = Cli.run(stack.controlAddress(), "task", "verify", id, "--mode", mode);
            assertThat(equal.code()).as(equal.out() + equal.err()).isZero();
            assertThat(equal.out()).contains("e2e_etl.customers").doesNotContain("not verified").doesNotContain("not compared");
        }
        try (Connection p = db.pg("e2e_target"); Statement st = p.createStatement()) {
            st.execute("UPDATE e2e_etl.clients SET first_name = 'tampered' WHERE id = 44");
            st.execute("UPDATE e2e_etl.clients SET full_name = 'tampered' WHERE id = 48");
            st.execute("UPDATE e2e_etl.clients SET doubled = doubled + 1 WHERE id = 52");
            st.execute("UPDATE e2e_etl.clients SET email_address = 'Tampered@x' WHERE id = 56");
            // id 1 is 'deleted' in MariaDB: the filter keeps it out of the destination
            st.execute("INSERT INTO e2e_etl.clients (id, first_name, status, amount, qty) VALUES (1, 'ghost', 'deleted', 1, 1)");
        }
        Cli.Result r = Cli.run(stack.controlAddress(), "task", "verify", id);
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(1);
        assertThat(r.out()).contains("(id=44)").contains("(id=48)").contains("(id=52)").contains("(id=56)").contains("(id=1)")
                .doesNotContain("(id=60)");
        for (String column : List.of("first_name", "full_name", "doubled", "email_address")) {
            assertThat(r.out()).as(column).containsPattern("columns: .*\\b" + column + "\\b");
        }
        Cli.Result repaired = Cli.run(stack.controlAddress(), "task", "verify", id, "--repair");
        assertThat(repaired.code()).as(repaired.out() + repaired.err()).isZero();
        assertThat(repaired.out()).contains("repaired 5");
        awaitExpected();
    }

    @Test
    void aCompileErrorIsRefusedAtCreationNamingTableExpressionAndPosition() throws Exception {
        Path file = dir.resolve("bad-etl.yaml");
        Files.writeString(file, TaskDriver.yaml(db, "bad-etl", ETL.replace("row.email.lowerAscii()", "row.emial.lowerAscii()"), ""));
        Cli.Result r = Cli.run(stack.controlAddress(), "task", "create", "-f", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("e2e_etl.customers").contains("row.emial.lowerAscii()").contains("emial").containsPattern("\\d+:\\d+");
    }

    @Test
    void etlTestEvaluatesASampleRow() throws Exception {
        Path file = dir.resolve("etl-test.yaml");
        Files.writeString(file, TaskDriver.yaml(db, "etl-test", ETL, ""));
        Cli.Result r = Cli.run(stack.controlAddress(), "etl", "test", "-f", file.toString(), "--table", "e2e_etl.customers",
                "--row", "{\"id\": 1, \"first_name\": \"Ada\", \"last_name\": \"Lovelace\", \"email\": \"ADA@X.COM\", \"status\": \"active\", \"amount\": 3.5, \"qty\": 21}");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"email_address\": \"ada@x.com\"").contains("\"full_name\": \"Ada Lovelace\"").contains("\"doubled\": \"42\"")
                .doesNotContain("internal_notes");
        Cli.Result out = Cli.run(stack.controlAddress(), "etl", "test", "-f", file.toString(), "--table", "e2e_etl.customers",
                "--row", "{\"id\": 2, \"status\": \"deleted\", \"amount\": 3}");
        assertThat(out.out()).contains("filtered out");
    }

    @Test
    void aRuntimeErrorRetriesThenNamesTableKeyAndExpression() throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS e2e_etl_err");
            st.execute("CREATE DATABASE e2e_etl_err");
            st.execute("CREATE TABLE e2e_etl_err.t (id INT PRIMARY KEY, a INT, b INT)");
            st.execute("INSERT INTO e2e_etl_err.t VALUES (1, 10, 2), (2, 10, 0)");
        }
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "etl-err", """
                - database: e2e_etl_err
                  etl:
                    set:
                      ratio: {expr: "row.a / row.b", type: bigint}
                """, "retry: {connectionMinutes: 10, otherMinutes: 1}"));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String shown = "";
        while (System.nanoTime() < deadline) {
            shown = Cli.run(stack.controlAddress(), "task", "show", id).out();
            if (shown.contains("RETRYING") || shown.contains("FAILED")) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(shown).containsAnyOf("RETRYING", "FAILED").contains("e2e_etl_err.t").contains("id=2").contains("row.a / row.b");
    }
}
