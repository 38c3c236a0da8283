package dev.sluice.precheck.checks;

import static dev.sluice.precheck.checks.Specs.FULL_ONLY;
import static dev.sluice.precheck.checks.Specs.run;
import static dev.sluice.precheck.checks.Specs.spec;
import static dev.sluice.precheck.checks.Specs.table;
import static dev.sluice.precheck.checks.Specs.tables;
import static dev.sluice.precheck.checks.Specs.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.precheck.objects.ColumnInfo;
import dev.sluice.precheck.objects.SelectedColumn;
import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.precheck.objects.SelectedTable;
import dev.sluice.precheck.objects.SelectionReader;
import dev.sluice.precheck.objects.TableInfo;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.TableSelection;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The objects.* checks and source.data_size against databases created on the local MariaDB. */
class ObjectChecksTest {

    static final String DB = "sluice_pc_obj";
    static final String OTHER = "sluice_pc_obj2";
    static final String EMPTY = "sluice_pc_empty";
    static final String LONG_TABLE = "t".repeat(64); // MariaDB's limit is 64 characters, PostgreSQL's 63 bytes
    static final String WIDE_COLUMN = "é".repeat(32); // 32 characters, 64 bytes in UTF-8

    @BeforeAll
    static void createSource() throws SQLException {
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            dropAll(st);
            st.execute("CREATE DATABASE " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
            st.execute("CREATE DATABASE " + OTHER + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci");
            st.execute("CREATE DATABASE " + EMPTY);
            for (String sql : List.of(
                    "CREATE TABLE customers (id int PRIMARY KEY, name varchar(50), email varchar(100))",
                    "CREATE TABLE orders (id int PRIMARY KEY, customer_id int, note text, CONSTRAINT fk_customer FOREIGN KEY (customer_id) "
                            + "REFERENCES customers (id) ON DELETE CASCADE)",
                    "CREATE TABLE keyless (a int, b text)",
                    "CREATE TABLE nullable_unique (a int NULL, b int, UNIQUE KEY uk_a (a))",
                    "CREATE TABLE notnull_unique (code varchar(20) NOT NULL, v int, UNIQUE KEY uk_code (code))",
                    "CREATE TABLE armscii (id int PRIMARY KEY, s varchar(10) CHARACTER SET armscii8)",
                    "CREATE TABLE emoji_enum (id int PRIMARY KEY, e enum('😀','b'), st set('x','𝄞'))",
                    "CREATE TABLE xmin_col (id int PRIMARY KEY, xmin int)",
                    "CREATE TABLE " + LONG_TABLE + " (id int PRIMARY KEY)",
                    "CREATE TABLE wide_col (id int PRIMARY KEY, `" + WIDE_COLUMN + "` int)",
                    "CREATE VIEW v_customers AS SELECT id, name FROM customers",
                    "CREATE TABLE history (id int PRIMARY KEY) WITH SYSTEM VERSIONING",
                    "INSERT INTO customers VALUES (1, 'a', 'a@example.com'), (2, 'b', 'b@example.com')",
                    "ANALYZE TABLE customers")) {
                st.execute("USE " + DB);
                st.execute(sql);
            }
            st.execute("CREATE TABLE " + OTHER + ".child (id int PRIMARY KEY, customer_id int, "
                    + "CONSTRAINT fk_other FOREIGN KEY (customer_id) REFERENCES " + DB + ".customers (id))");
        }
    }

    @AfterAll
    static void dropSource() throws SQLException {
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement()) {
            dropAll(st);
        }
    }

    static void dropAll(Statement st) throws SQLException {
        for (String db : List.of(OTHER, DB, EMPTY)) {
            st.execute("DROP DATABASE IF EXISTS " + db);
        }
    }

    static CheckResult check(Check check, DatabaseSelection... objects) {
        return run(check, spec(objects));
    }

    // ---------------------------------------------------------------- objects.exist

    @Test
    void selectedObjectsThatExistPass() {
        CheckResult r = check(new ObjectsExistCheck(), tables(DB, table("customers").addColumns("id").putRenameColumns("id", "cid").build()),
                tables(OTHER, "child"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("2 tables selected in 2 databases");
    }

    @Test
    void everyMissingObjectIsNamedByItsTaskFileEntry() {
        CheckResult r = check(new ObjectsExistCheck(),
                whole("sluice_pc_nope"),
                tables(DB, table("Customers").build(), table("orders").addColumns("id").addColumns("notes").build(),
                        table("keyless").putRenameColumns("c", "d").build(), table("v_customers").build(), table("history").build()),
                whole("SLUICE_PC_OBJ2"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo(String.join("; ",
                "objects[0]: database sluice_pc_nope does not exist in the source, or the account cannot see it",
                "objects[1].tables[0]: table sluice_pc_obj.Customers does not exist in the source, or the account cannot see it "
                        + "(names are case-sensitive: did you mean customers?)",
                "objects[1].tables[1].columns[1]: column sluice_pc_obj.orders.notes does not exist in the source",
                "objects[1].tables[2].renameColumns.c: column sluice_pc_obj.keyless.c does not exist in the source",
                "objects[1].tables[3]: sluice_pc_obj.v_customers is a view, not a table: only base tables can be synchronized",
                "objects[1].tables[4]: table sluice_pc_obj.history is system-versioned (WITH SYSTEM VERSIONING), which cannot be synchronized",
                "objects[2]: database SLUICE_PC_OBJ2 does not exist in the source, or the account cannot see it "
                        + "(names are case-sensitive: did you mean sluice_pc_obj2?)"));
        assertThat(r.getFix()).contains("names are case-sensitive");
    }

    @Test
    void whatAWholeDatabaseLeavesOutIsAWarning() {
        CheckResult r = check(new ObjectsExistCheck(), whole(DB), whole(EMPTY));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.getDetails()).isEqualTo("10 tables selected in 2 databases; table sluice_pc_obj.history is system-versioned "
                + "(WITH SYSTEM VERSIONING): it is not synchronized; database sluice_pc_empty has no tables: nothing to synchronize");
    }

    // ---------------------------------------------------------------- objects.table_count

    @Test
    void atMostAThousandTablesSelectedOneByOneWithRenames() {
        assertThat(run(new SelectionSizeCheck(), spec(many(1000, true))).getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(new SelectionSizeCheck(), spec(many(1001, false))).getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(run(new SelectionSizeCheck(), spec(whole(DB))).getDetails())
                .isEqualTo("0 tables are selected one by one, 0 of them with a table or column rename");

        CheckResult r = run(new SelectionSizeCheck(), spec(many(1001, true)));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("1,001 tables are selected one by one, 1 of them with a table or column rename; "
                + "a task that renames may select at most 1,000 tables one by one");
        assertThat(r.getFix()).contains("several tasks", "whole databases");
    }

    static DatabaseSelection many(int n, boolean oneRenamed) {
        DatabaseSelection.Builder d = DatabaseSelection.newBuilder().setDatabase(DB);
        for (int i = 0; i < n; i++) {
            TableSelection.Builder t = table("t" + i);
            if (oneRenamed && i == n - 1) {
                t.setRename("renamed");
            }
            d.addTables(t);
        }
        return d.build();
    }

    // ---------------------------------------------------------------- objects.row_key

    @Test
    void primaryAndNotNullUniqueKeysPass() {
        CheckResult r = check(new RowKeyCheck(), tables(DB, "customers", "notnull_unique"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("all 2 tables have a primary key or a NOT NULL unique key");
    }

    @Test
    void tablesWithoutAUsableKeyWarn() {
        CheckResult r = check(new RowKeyCheck(), tables(DB, table("keyless").build(), table("nullable_unique").build(),
                table("customers").addColumns("name").addColumns("email").build(), table("notnull_unique").addColumns("v").build()));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.getDetails()).isEqualTo("4 tables have no usable primary key or NOT NULL unique key, so duplicate rows are possible "
                + "in PostgreSQL: sluice_pc_obj.keyless; "
                + "sluice_pc_obj.nullable_unique (its unique keys allow NULL or use columns that are not selected); "
                + "sluice_pc_obj.customers (its primary key uses id, not selected); "
                + "sluice_pc_obj.notnull_unique (its unique keys allow NULL or use columns that are not selected)");
        assertThat(r.getFix()).contains("ADD PRIMARY KEY");
    }

    // ---------------------------------------------------------------- objects.column_types

    @Test
    void ordinaryColumnsPass() {
        CheckResult r = check(new ColumnTypesCheck(), tables(DB, "customers", "orders"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("all 6 selected columns map to PostgreSQL without loss");
    }

    @Test
    void undecodableCharacterSetsFail() {
        CheckResult r = check(new ColumnTypesCheck(), tables(DB, "armscii", "emoji_enum"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("sluice_pc_obj.armscii.s: character set armscii8 cannot be decoded; also labels shown as '?': "
                + "sluice_pc_obj.emoji_enum.e: enum('?','b'); sluice_pc_obj.emoji_enum.st: set('x','?')");
        // leaving the column out is the fix
        assertThat(check(new ColumnTypesCheck(), tables(DB, table("armscii").addColumns("id").build())).getStatus())
                .isEqualTo(CheckStatus.PASSED);
    }

    @Test
    void enumLabelsBeyondTheBmpWarn() {
        CheckResult r = check(new ColumnTypesCheck(), tables(DB, "emoji_enum"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.getDetails()).endsWith("sluice_pc_obj.emoji_enum.e: enum('?','b'); sluice_pc_obj.emoji_enum.st: set('x','?')");
    }

    /** MariaDB 10.11 has no column type without a mapping, so this one is described by hand (10.7+ plugin types may add some). */
    @Test
    void typesWithoutAMappingFail() {
        ColumnInfo vector = new ColumnInfo("embedding", 2, "vector", "vector(3)", true, "");
        ColumnInfo id = new ColumnInfo("id", 1, "int", "int(11)", false, "");
        SelectedTable t = new SelectedTable("objects[0]", "db", "docs", "db", "docs",
                List.of(new SelectedColumn(id, "id"), new SelectedColumn(vector, "embedding")), new TableInfo("docs", "BASE TABLE", 0, 0));
        CheckResult r = new ColumnTypesCheck().check(null, new SelectedObjects(List.of(t), List.of(), List.of(), Map.of()));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("db.docs.embedding: type vector(3) has no PostgreSQL mapping");
    }

    // ---------------------------------------------------------------- objects.name_collisions

    @Test
    void distinctNamesPass() {
        CheckResult r = check(new NameCollisionsCheck(), tables(DB, table("customers").setRename("orders").build()), tables(OTHER, "child"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("the 2 tables map to distinct, allowed names");
    }

    @Test
    void collidingTablesAndColumnsFail() {
        CheckResult r = check(new NameCollisionsCheck(),
                tables(DB, table("customers").setRename("orders").putRenameColumns("email", "name").build(), table("orders").build()),
                DatabaseSelection.newBuilder().setDatabase(OTHER).setRename(DB).addTables(table("child").setRename("orders")).build());
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("tables sluice_pc_obj.customers (objects[0].tables[0]) and sluice_pc_obj.orders (objects[0].tables[1]) "
                + "and sluice_pc_obj2.child (objects[1].tables[0]) would all become sluice_pc_obj.orders; "
                + "columns sluice_pc_obj.customers.name and sluice_pc_obj.customers.email would all become column name of sluice_pc_obj.orders");
        assertThat(r.getFix()).contains("renameColumns");
    }

    @Test
    void namesPostgreSqlReservesFail() {
        CheckResult r = check(new NameCollisionsCheck(), DatabaseSelection.newBuilder().setDatabase(DB).setRename("pg_shop")
                .addTables(table("xmin_col")).addTables(table("customers").putRenameColumns("name", "ctid")).build());
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("column sluice_pc_obj.xmin_col.xmin would be named xmin, a PostgreSQL system column name; "
                + "column sluice_pc_obj.customers.name would be named ctid, a PostgreSQL system column name; "
                + "schema pg_shop starts with pg_, which PostgreSQL reserves for system schemas");
        assertThat(check(new NameCollisionsCheck(), tables(DB, table("xmin_col").putRenameColumns("xmin", "x_min").build())).getStatus())
                .isEqualTo(CheckStatus.PASSED);
    }

    // ---------------------------------------------------------------- objects.identifier_length

    @Test
    void namesUpToSixtyThreeBytesPass() {
        CheckResult r = check(new IdentifierLengthCheck(), tables(DB, table(LONG_TABLE).setRename("t".repeat(63)).build(),
                table("wide_col").putRenameColumns(WIDE_COLUMN, "é".repeat(31)).build()));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("every mapped name is at most 63 bytes in UTF-8");
    }

    @Test
    void longerNamesFailNamingThem() {
        CheckResult r = check(new IdentifierLengthCheck(), tables(DB, LONG_TABLE, "wide_col"),
                DatabaseSelection.newBuilder().setDatabase(OTHER).setRename("s".repeat(64)).addTables(table("child")).build());
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("longer than 63 bytes in UTF-8: table " + LONG_TABLE + " (64 bytes, from table sluice_pc_obj."
                + LONG_TABLE + "); column " + WIDE_COLUMN + " (64 bytes, from column sluice_pc_obj.wide_col." + WIDE_COLUMN + "); schema "
                + "s".repeat(64) + " (64 bytes, from database sluice_pc_obj2)");
    }

    // ---------------------------------------------------------------- objects.foreign_keys

    @Test
    void foreignKeysWithinTheSelectionPass() {
        CheckResult r = check(new ForeignKeysCheck(), tables(DB, "customers", "orders"), whole(OTHER));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(r.getDetails()).isEqualTo("all 2 foreign keys reference selected tables and columns");
        assertThat(check(new ForeignKeysCheck(), tables(DB, "customers")).getDetails()).isEqualTo("the selected tables have no foreign keys");
    }

    @Test
    void foreignKeysLeavingTheSelectionWarn() {
        CheckResult r = check(new ForeignKeysCheck(), tables(DB, "orders"), whole(OTHER));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(r.getDetails()).isEqualTo("2 foreign keys leave the selection and will not be created in PostgreSQL: "
                + "sluice_pc_obj.orders foreign key fk_customer references sluice_pc_obj.customers, which is not selected "
                + "(ON DELETE CASCADE ON UPDATE RESTRICT: rows MariaDB changes through this cascade are not in the binlog and will differ "
                + "in PostgreSQL); sluice_pc_obj2.child foreign key fk_other references sluice_pc_obj.customers, which is not selected");

        CheckResult columns = run(new ForeignKeysCheck(), spec(tables(DB, table("customers").addColumns("name").build(), table("orders").build()))
                .setTypes(FULL_ONLY));
        assertThat(columns.getStatus()).isEqualTo(CheckStatus.WARNING);
        assertThat(columns.getDetails()).endsWith("sluice_pc_obj.orders foreign key fk_customer references columns id of "
                + "sluice_pc_obj.customers, not selected");
    }

    // ---------------------------------------------------------------- cost

    @Test
    void readingTheSelectionCostsSixQueriesPerDatabaseWhateverItsSize() throws SQLException {
        AtomicInteger statements = new AtomicInteger();
        try (Connection real = Specs.db().maria()) {
            Connection counting = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, args) -> {
                        if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
                            statements.incrementAndGet();
                        }
                        return method.invoke(real, args);
                    });
            SelectedObjects one = SelectionReader.read(counting, spec(whole(DB)).build());
            assertThat(one.tables()).hasSize(10);
            assertThat(statements).as("the database list, then tables, columns, keys, foreign-key rules and columns").hasValue(6);

            statements.set(0);
            SelectionReader.read(counting, spec(whole(DB), tables(OTHER, "child")).build());
            assertThat(statements).hasValue(11);
        }
    }

    // ---------------------------------------------------------------- source.data_size

    @Test
    void theSelectedTablesSizeIsReported() throws SQLException {
        long expected;
        try (Connection c = Specs.db().mariaRoot(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT SUM(DATA_LENGTH + INDEX_LENGTH) FROM information_schema.TABLES WHERE TABLE_SCHEMA = '" + DB
                        + "' AND TABLE_NAME IN ('customers', 'orders')")) {
            rs.next();
            expected = rs.getLong(1);
        }
        CheckResult r = check(new SourceDataSizeCheck(), tables(DB, "customers", "orders"));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(expected).isPositive();
        assertThat(r.getDetails()).startsWith("the 2 selected tables take " + SourceDataSizeCheck.human(expected) + " ("
                + String.format("%,d", expected) + " bytes, DATA_LENGTH + INDEX_LENGTH) in the source");
        assertThat(SourceDataSizeCheck.human(1536)).isEqualTo("1.5 KiB");
        assertThat(SourceDataSizeCheck.human(3L << 30)).isEqualTo("3.0 GiB");
    }

    @Test
    void theSizeIsSkippedWhenTheSourceIsUnreachable() {
        CheckResult r = run(new SourceDataSizeCheck(), spec(whole(DB)).setSource(Specs.source().toBuilder().setPort(1)));
        assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(r.getDetails()).isEqualTo("skipped: cannot connect to the source");
    }
}
