package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Schema synchronization through the services: a column of every MariaDB type becomes the
 * PostgreSQL type the README's table promises (read back from PostgreSQL's catalog), with renames,
 * column selection and both conflictingTables modes.
 */
class SchemaMappingSystemTest {

    /** README row (MariaDB cell | PostgreSQL cell) → sample column definitions and their format_type. */
    record Row(String readmeMaria, String readmePg, Map<String, String> columns) {
    }

    static final List<Row> ROWS = List.of(
            new Row("TINYINT, TINYINT UNSIGNED, SMALLINT", "smallint",
                    Map.of("c_tinyint TINYINT", "smallint", "c_tinyint_u TINYINT UNSIGNED", "smallint", "c_smallint SMALLINT", "smallint")),
            new Row("SMALLINT UNSIGNED, MEDIUMINT (signed or not), INT", "integer",
                    Map.of("c_smallint_u SMALLINT UNSIGNED", "integer", "c_mediumint MEDIUMINT", "integer",
                            "c_mediumint_u MEDIUMINT UNSIGNED", "integer", "c_int INT", "integer")),
            new Row("INT UNSIGNED, BIGINT", "bigint", Map.of("c_int_u INT UNSIGNED", "bigint", "c_bigint BIGINT", "bigint")),
            new Row("BIGINT UNSIGNED", "numeric(20,0)", Map.of("c_bigint_u BIGINT UNSIGNED", "numeric(20,0)")),
            new Row("TINYINT(1) / BOOLEAN", "smallint (`options: {tinyint1AsBoolean: true}` gives boolean)",
                    Map.of("c_bool BOOLEAN", "smallint")),
            new Row("DECIMAL(p,s)", "numeric(p,s)", Map.of("c_dec DECIMAL(65,30)", "numeric(65,30)", "c_dec2 DECIMAL(10,2)", "numeric(10,2)")),
            new Row("FLOAT / DOUBLE", "real / double precision", Map.of("c_float FLOAT", "real", "c_double DOUBLE", "double precision")),
            new Row("BIT(n)", "bit(n)", Map.of("c_bit BIT(10)", "bit(10)")),
            new Row("CHAR(n), VARCHAR(n)", "varchar(n)", Map.of("c_char CHAR(10)", "character varying(10)", "c_varchar VARCHAR(200)", "character varying(200)")),
            new Row("TINYTEXT … LONGTEXT", "text", Map.of("c_tinytext TINYTEXT", "text", "c_text TEXT", "text", "c_longtext LONGTEXT", "text")),
            new Row("BINARY, VARBINARY, TINYBLOB … LONGBLOB", "bytea",
                    Map.of("c_binary BINARY(8)", "bytea", "c_varbinary VARBINARY(10)", "bytea", "c_blob BLOB", "bytea", "c_longblob LONGBLOB", "bytea")),
            new Row("ENUM(…)", "text with `CHECK (col IN (labels…, ''))`", Map.of("c_enum ENUM('a','b')", "text")),
            new Row("SET(…)", "text", Map.of("c_set SET('x','y')", "text")),
            new Row("DATE", "date", Map.of("c_date DATE NOT NULL", "date")),
            new Row("DATETIME(n)", "timestamp(n) without time zone", Map.of("c_datetime DATETIME(6)", "timestamp(6) without time zone",
                    "c_datetime0 DATETIME", "timestamp(0) without time zone")),
            new Row("TIMESTAMP(n)", "timestamp(n) with time zone", Map.of("c_timestamp TIMESTAMP(3) NULL", "timestamp(3) with time zone")),
            new Row("TIME(n)", "interval", Map.of("c_time TIME(6)", "interval")),
            new Row("YEAR", "smallint", Map.of("c_year YEAR", "smallint")),
            new Row("JSON (MariaDB's LONGTEXT with json_valid)", "jsonb", Map.of("c_json JSON", "jsonb")),
            new Row("UUID / INET4 / INET6", "uuid / inet / inet", Map.of("c_uuid UUID", "uuid", "c_inet4 INET4", "inet", "c_inet6 INET6", "inet")),
            new Row("GEOMETRY, POINT, LINESTRING, POLYGON, MULTI*, GEOMETRYCOLLECTION", "bytea",
                    Map.of("c_geometry GEOMETRY", "bytea", "c_point POINT", "bytea", "c_polygon POLYGON", "bytea")));

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(19300, "sluice_meta_schema").start();
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
    void everyTypeBecomesTheReadmeType() throws Exception {
        List<String> defs = new ArrayList<>();
        Map<String, String> expected = new LinkedHashMap<>();
        for (Row r : ROWS) {
            r.columns().forEach((def, type) -> {
                defs.add(def);
                expected.put(def.substring(0, def.indexOf(' ')), type);
            });
        }
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS e2e_schema");
            st.execute("CREATE DATABASE e2e_schema");
            st.execute("CREATE TABLE e2e_schema.all_types (id INT NOT NULL AUTO_INCREMENT PRIMARY KEY, " + String.join(", ", defs)
                    + ", c_default INT NOT NULL DEFAULT 5, c_dropped VARCHAR(5))");
        }
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "schema-types", """
                - database: e2e_schema
                  rename: Renamed Schema
                  tables:
                    - name: all_types
                      rename: All Types
                      renameColumns: {c_int: "Int Renamed"}
                """.replace("renameColumns", "columns: [" + "id, c_default, " + String.join(", ", expected.keySet()) + "]\n      renameColumns"),
                "types: {schema: true, full: false, incremental: false}"));
        driver.waitFor(id, "done", 120);

        Map<String, String[]> actual = new LinkedHashMap<>();
        try (Connection p = db.pg("e2e_target"); PreparedStatement ps = p.prepareStatement(
                "SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, pg_get_expr(d.adbin, d.adrelid), a.attidentity "
                        + "FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum "
                        + "WHERE a.attrelid = '\"Renamed Schema\".\"All Types\"'::regclass AND a.attnum > 0 AND NOT a.attisdropped")) {
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    actual.put(rs.getString(1), new String[] {rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
                }
            }
        }
        expected.put("Int Renamed", expected.remove("c_int"));
        for (Map.Entry<String, String> e : expected.entrySet()) {
            assertThat(actual).as("column %s", e.getKey()).containsKey(e.getKey());
            assertThat(actual.get(e.getKey())[0]).as("type of %s", e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(actual).doesNotContainKey("c_dropped").doesNotContainKey("c_int");
        assertThat(actual.get("c_date")[1]).as("DATE NOT NULL is created nullable (zero dates become NULL)").isEqualTo("f");
        assertThat(actual.get("c_default")[1]).isEqualTo("t");
        assertThat(actual.get("c_default")[2]).isEqualTo("5");
        assertThat(actual.get("id")[3]).as("AUTO_INCREMENT becomes an identity").isEqualTo("d");

        String readme = Files.readString(db.repoRoot().resolve("README.md"));
        for (Row r : ROWS) {
            assertThat(readme).as("README type table row").contains("| " + r.readmeMaria() + " | " + r.readmePg() + " |");
        }
    }

    @Test
    void conflictingTablesReportStopsAndIgnoreReuses() throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS e2e_conflict");
            st.execute("CREATE DATABASE e2e_conflict");
            st.execute("CREATE TABLE e2e_conflict.t (id INT PRIMARY KEY, v VARCHAR(10))");
            st.execute("INSERT INTO e2e_conflict.t VALUES (1, 'source'), (2, 'source')");
        }
        try (Connection p = db.pg("e2e_target"); Statement st = p.createStatement()) {
            st.execute("DROP SCHEMA IF EXISTS e2e_conflict CASCADE");
            st.execute("CREATE SCHEMA e2e_conflict");
            st.execute("CREATE TABLE e2e_conflict.t (id int PRIMARY KEY, v text)");
            st.execute("INSERT INTO e2e_conflict.t VALUES (1, 'existing')");
        }
        // report: the precheck fails naming the table, and the task cannot start
        Path file = dir.resolve("conflict-report.yaml");
        Files.writeString(file, TaskDriver.yaml(db, "conflict-report", "- database: e2e_conflict", ""));
        Cli.Result created = Cli.run(stack.controlAddress(), "task", "create", "-f", file.toString());
        String reported = created.out().split("created task ")[1].split(" ")[0];
        Cli.Result pre = Cli.run(stack.controlAddress(), "task", "precheck", reported);
        assertThat(pre.code()).isEqualTo(1);
        assertThat(pre.out()).contains("FAILED").contains("destination.conflicting_tables").contains("e2e_conflict.t").contains("PRECHECK_FAILED");
        Cli.Result start = Cli.run(stack.controlAddress(), "task", "start", reported);
        assertThat(start.code()).isNotZero();
        try (Connection p = db.pg("e2e_target"); ResultSet rs = p.createStatement().executeQuery("SELECT count(*) FROM e2e_conflict.t")) {
            rs.next();
            assertThat(rs.getInt(1)).as("report mode writes nothing").isEqualTo(1);
        }
        // once the cause is fixed, a re-run of the precheck lets the task start
        try (Connection p = db.pg("e2e_target"); Statement st = p.createStatement()) {
            st.execute("ALTER TABLE e2e_conflict.t RENAME TO t_old");
            st.execute("ALTER INDEX e2e_conflict.t_pkey RENAME TO t_old_pkey");
        }
        Cli.Result again = Cli.run(stack.controlAddress(), "task", "precheck", reported);
        assertThat(again.code()).as(again.out()).isZero();
        assertThat(again.out()).contains("READY");
        assertThat(Cli.run(stack.controlAddress(), "task", "start", reported).code()).isZero();
        driver.waitFor(reported, "incremental", 60);
        try (Connection p = db.pg("e2e_target"); Statement st = p.createStatement()) {
            // back to the conflicting state for the ignore mode below
            st.execute("DROP TABLE e2e_conflict.t");
            st.execute("ALTER TABLE e2e_conflict.t_old RENAME TO t");
            st.execute("ALTER INDEX e2e_conflict.t_old_pkey RENAME TO t_pkey");
        }
        assertThat(Cli.run(stack.controlAddress(), "task", "stop", reported).code()).isZero();

        String ignored = driver.createAndStart(dir, TaskDriver.yaml(db, "conflict-ignore", "- database: e2e_conflict", "")
                .replace("conflictingTables: report", "conflictingTables: ignore"));
        driver.waitFor(ignored, "incremental", 60);
        try (Connection p = db.pg("e2e_target"); ResultSet rs = p.createStatement().executeQuery("SELECT id, v FROM e2e_conflict.t ORDER BY id")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).as("an existing row keeps its value").isEqualTo("existing");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEqualTo("source");
        }
    }
}
