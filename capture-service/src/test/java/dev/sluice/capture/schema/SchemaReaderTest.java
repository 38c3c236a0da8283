package dev.sluice.capture.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.CheckSchema;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.ForeignKeySchema;
import dev.sluice.v1.IndexSchema;
import dev.sluice.v1.MappingOptions;
import dev.sluice.v1.SchemaResponse;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TableSelection;
import dev.sluice.v1.TaskSpec;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SchemaReader against the real local MariaDB: databases sr_test, sr_test_crm and sr_test_many, created and dropped here. */
class SchemaReaderTest {

    static final String DB = "sr_test";
    static final String CRM = "sr_test_crm";
    static final String MANY = "sr_test_many";
    static final int MANY_TABLES = 40;

    static LocalDatabases db;
    static Connection source;

    @BeforeAll
    static void createSourceDatabases() throws SQLException {
        db = LocalDatabases.get();
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            for (String sql : SOURCE_DDL) {
                st.execute(sql);
            }
            for (int i = 0; i < MANY_TABLES; i++) {
                st.execute("CREATE TABLE " + MANY + ".t" + i + " (id int PRIMARY KEY, a varchar(10), b int, KEY kb (b),"
                        + " CONSTRAINT fk" + i + " FOREIGN KEY (b) REFERENCES " + MANY + ".t0 (id), CHECK (b > 0))");
            }
        }
        source = db.maria();
    }

    @AfterAll
    static void dropSourceDatabases() throws SQLException {
        if (source != null) {
            source.close();
        }
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement()) {
            for (String database : List.of(DB, CRM, MANY)) {
                st.execute("DROP DATABASE IF EXISTS " + database);
            }
        }
    }

    static final List<String> SOURCE_DDL = List.of(
            "DROP DATABASE IF EXISTS " + DB,
            "DROP DATABASE IF EXISTS " + CRM,
            "DROP DATABASE IF EXISTS " + MANY,
            "CREATE DATABASE " + DB + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
            "CREATE DATABASE " + CRM + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
            "CREATE DATABASE " + MANY + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci",
            "CREATE TABLE sr_test_crm.customers (id int NOT NULL PRIMARY KEY, name varchar(50))",
            """
            CREATE TABLE sr_test.all_types (
              id bigint unsigned NOT NULL AUTO_INCREMENT,
              c_tinyint tinyint,
              c_tinyint_u tinyint unsigned,
              c_bool tinyint(1) NOT NULL DEFAULT 0,
              c_smallint smallint,
              c_smallint_u smallint unsigned,
              c_mediumint mediumint,
              c_mediumint_u mediumint unsigned,
              c_int int NOT NULL DEFAULT 42 COMMENT 'the answer',
              c_int_u int unsigned,
              c_bigint bigint,
              c_bigint_u bigint unsigned,
              c_decimal decimal(65,30),
              c_float float,
              c_double double,
              c_bit1 bit(1) DEFAULT b'1',
              c_bit64 bit(64),
              c_char0 char(0),
              c_char char(10) NOT NULL DEFAULT 'abc',
              c_varchar varchar(255) CHARACTER SET latin1 COLLATE latin1_swedish_ci DEFAULT NULL,
              c_tinytext tinytext,
              c_text text,
              c_mediumtext mediumtext,
              c_longtext longtext,
              c_tinyblob tinyblob,
              c_blob blob,
              c_mediumblob mediumblob,
              c_longblob longblob,
              c_binary binary(16),
              c_varbinary varbinary(300),
              c_enum enum('a''b','x,y','','back\\\\slash','new\\nline','unsigned') NOT NULL DEFAULT 'x,y',
              c_set set('read','write','it''s') DEFAULT 'read,write',
              c_date date,
              c_datetime datetime(6),
              c_timestamp timestamp(3) NOT NULL DEFAULT current_timestamp(3) ON UPDATE current_timestamp(3),
              c_time time(6),
              c_year year,
              c_json json,
              c_uuid uuid,
              c_inet4 inet4,
              c_inet6 inet6,
              c_geometry geometry,
              c_point point,
              c_virtual int AS (c_int * 2) VIRTUAL,
              c_stored varchar(300) AS (concat(c_varchar, 'x')) STORED,
              c_text_null varchar(5) DEFAULT 'NULL',
              PRIMARY KEY (id)
            ) ENGINE=InnoDB COMMENT='every type'""",
            "INSERT INTO sr_test.all_types (c_int) VALUES (1), (2)",
            "ANALYZE TABLE sr_test.all_types",
            """
            CREATE TABLE sr_test.`my table` (
              id int NOT NULL,
              `parent id` int NULL,
              label varchar(40) NOT NULL,
              PRIMARY KEY (id),
              KEY `idx parent` (`parent id`),
              CONSTRAINT `fk parent` FOREIGN KEY (`parent id`) REFERENCES `my table` (id) ON DELETE CASCADE ON UPDATE CASCADE
            ) COMMENT 'self reference'""",
            """
            CREATE TABLE sr_test.`Order` (
              `order id` int NOT NULL,
              line smallint NOT NULL,
              `col"quote` varchar(30) NOT NULL DEFAULT 'it''s',
              `back``tick` varchar(100),
              `naïve_名前` text,
              owner_id int NULL,
              customer_id int NULL,
              qty int NOT NULL DEFAULT 1,
              PRIMARY KEY (line, `order id`),
              KEY idx_quote (`col"quote`),
              KEY idx_multi (`order id`, qty, `col"quote`),
              KEY idx_prefix (`back``tick`(10)),
              FULLTEXT KEY ft_name (`naïve_名前`),
              KEY idx_owner (owner_id),
              KEY idx_customer (customer_id),
              CONSTRAINT fk_owner FOREIGN KEY (owner_id) REFERENCES `my table` (id) ON DELETE SET NULL,
              CONSTRAINT fk_customer FOREIGN KEY (customer_id) REFERENCES sr_test_crm.customers (id),
              CONSTRAINT chk_qty CHECK (qty > 0 AND `col"quote` <> 'x')
            )""",
            "CREATE TABLE sr_test.`order` (x int NOT NULL, UNIQUE KEY ux (x))",
            """
            CREATE TABLE sr_test.order_line (
              id int NOT NULL AUTO_INCREMENT PRIMARY KEY,
              o_line smallint NOT NULL,
              o_id int NOT NULL,
              CONSTRAINT fk_order FOREIGN KEY (o_line, o_id) REFERENCES `Order` (line, `order id`)
                ON DELETE RESTRICT ON UPDATE CASCADE
            )""",
            """
            CREATE TABLE sr_test.unique_only (
              maybe int NULL,
              code varchar(20) NOT NULL,
              note text,
              UNIQUE KEY uk_maybe (maybe),
              UNIQUE KEY uk_code (code)
            )""",
            "CREATE TABLE sr_test.keyless (a int, b text, UNIQUE KEY uk_a (a), KEY k_b (b(20)))",
            """
            CREATE TABLE sr_test.docs (
              id int NOT NULL PRIMARY KEY,
              doc json NOT NULL,
              doc2 longtext CHECK (json_valid(doc2)),
              vj varchar(200) CHECK (json_valid(vj)),
              CONSTRAINT chk_doc_small CHECK (length(doc) < 10000)
            )""",
            "CREATE VIEW sr_test.v_orders AS SELECT `order id`, qty FROM sr_test.`Order`",
            "CREATE TABLE sr_test.history (id int NOT NULL PRIMARY KEY) WITH SYSTEM VERSIONING");

    // ---------------------------------------------------------------- selection

    @Test
    void wholeDatabaseSelectsItsBaseTablesOnly() throws SQLException {
        SchemaResponse r = read(whole(DB, ""));

        assertThat(r.getTablesList()).extracting(TableSchema::getName).containsExactly(
                "Order", "all_types", "docs", "keyless", "my table", "order", "order_line", "unique_only");
        assertThat(r.getTablesList()).allSatisfy(t -> {
            assertThat(t.getDatabase()).isEqualTo(DB);
            assertThat(t.getTargetSchema()).isEqualTo(DB);
            assertThat(t.getTargetName()).isEqualTo(t.getName());
        });
        assertThat(r.getWarningsList()).contains(
                "table sr_test.history is system-versioned (WITH SYSTEM VERSIONING): it is not synchronized",
                "table sr_test.keyless has no primary key or NOT NULL unique key: rows may be duplicated on retries",
                "table sr_test.Order: foreign key fk_customer references sr_test_crm.customers, which is not selected: "
                        + "the key is not created in PostgreSQL");
        assertThat(r.getWarningsList()).noneMatch(w -> w.contains("v_orders"));
    }

    @Test
    void namesCompareExactly() throws SQLException {
        SchemaResponse r = read(tables(DB, "", TableSelection.newBuilder().setName("order").build(),
                TableSelection.newBuilder().setName("Order").build()));

        assertThat(r.getTables(0).getName()).isEqualTo("order");
        assertThat(r.getTables(0).getColumnsList()).extracting(ColumnSchema::getName).containsExactly("x");
        assertThat(r.getTables(0).getKeyColumnsList()).containsExactly("x");
        assertThat(r.getTables(1).getName()).isEqualTo("Order");
        assertThat(r.getTables(1).getColumnsList()).extracting(ColumnSchema::getName).containsExactly(
                "order id", "line", "col\"quote", "back`tick", "naïve_名前", "owner_id", "customer_id", "qty");
    }

    @Test
    void renamesAndColumnSelectionApply() throws SQLException {
        TaskSpec spec = spec(DatabaseSelection.newBuilder().setDatabase(DB).setRename("shop_pg")
                .addTables(TableSelection.newBuilder().setName("Order").setRename("orders")
                        // listed out of order on purpose: columns come back in source order
                        .addColumns("qty").addColumns("order id").addColumns("naïve_名前").addColumns("col\"quote")
                        .putRenameColumns("order id", "order_id").putRenameColumns("naïve_名前", "naive"))
                .addTables(TableSelection.newBuilder().setName("my table").setRename("My Table"))
                .build());
        SchemaResponse r = read(spec);

        TableSchema orders = r.getTables(0);
        assertThat(orders.getTargetSchema()).isEqualTo("shop_pg");
        assertThat(orders.getTargetName()).isEqualTo("orders");
        assertThat(orders.getColumnsList()).extracting(ColumnSchema::getName, ColumnSchema::getTargetName, ColumnSchema::getOrdinal)
                .containsExactly(
                        tuple("order id", "order_id", 1),
                        tuple("col\"quote", "col\"quote", 3),
                        tuple("naïve_名前", "naive", 5),
                        tuple("qty", "qty", 8));
        // The primary key needs `line`, which is not selected: no usable key is left.
        assertThat(orders.getIndexesList()).extracting(IndexSchema::getName).containsExactly("idx_quote", "idx_multi", "ft_name");
        assertThat(orders.getKeyColumnsList()).isEmpty();
        assertThat(orders.getForeignKeysList()).isEmpty();
        assertThat(orders.getChecksList()).extracting(CheckSchema::getName).containsExactly("chk_qty");
        assertThat(r.getWarningsList()).containsExactlyInAnyOrder(
                "table sr_test.Order: index PRIMARY is not synchronized: it uses column line, not selected",
                "table sr_test.Order: index idx_prefix is not synchronized: it uses column back`tick, not selected",
                "table sr_test.Order: index idx_owner is not synchronized: it uses column owner_id, not selected",
                "table sr_test.Order: index idx_customer is not synchronized: it uses column customer_id, not selected",
                "table sr_test.Order has no primary key or NOT NULL unique key: rows may be duplicated on retries",
                "table sr_test.Order: foreign key fk_customer is not synchronized: it uses column customer_id, not selected",
                "table sr_test.Order: foreign key fk_owner is not synchronized: it uses column owner_id, not selected");

        TableSchema myTable = r.getTables(1);
        assertThat(myTable.getTargetSchema()).isEqualTo("shop_pg");
        assertThat(myTable.getTargetName()).isEqualTo("My Table");
        assertThat(myTable.getComment()).isEqualTo("self reference");
        assertThat(myTable.getForeignKeys(0).getReferencedTargetSchema()).isEqualTo("shop_pg");
        assertThat(myTable.getForeignKeys(0).getReferencedTargetTable()).isEqualTo("My Table");
    }

    @Test
    void checksThatNeedAnUnselectedColumnAreDropped() throws SQLException {
        SchemaResponse r = read(tables(DB, "", TableSelection.newBuilder().setName("Order")
                .addColumns("order id").addColumns("line").addColumns("qty").build()));

        assertThat(r.getTables(0).getChecksList()).isEmpty();
        assertThat(r.getTables(0).getKeyColumnsList()).containsExactly("line", "order id");
        assertThat(r.getWarningsList()).contains("table sr_test.Order: check chk_qty is not synchronized: it uses column col\"quote, not selected");
    }

    // ---------------------------------------------------------------- columns

    @Test
    void everyTypeHasItsSourceDescriptionAndTargetType() throws SQLException {
        TableSchema t = table(read(whole(DB, "")), "all_types");

        assertThat(t.getColumnsList()).extracting(ColumnSchema::getName, ColumnSchema::getDataType, ColumnSchema::getColumnType,
                ColumnSchema::getTargetType).containsExactly(
                tuple("id", "bigint", "bigint(20) unsigned", "numeric(20,0)"),
                tuple("c_tinyint", "tinyint", "tinyint(4)", "smallint"),
                tuple("c_tinyint_u", "tinyint", "tinyint(3) unsigned", "smallint"),
                tuple("c_bool", "tinyint", "tinyint(1)", "smallint"),
                tuple("c_smallint", "smallint", "smallint(6)", "smallint"),
                tuple("c_smallint_u", "smallint", "smallint(5) unsigned", "integer"),
                tuple("c_mediumint", "mediumint", "mediumint(9)", "integer"),
                tuple("c_mediumint_u", "mediumint", "mediumint(8) unsigned", "integer"),
                tuple("c_int", "int", "int(11)", "integer"),
                tuple("c_int_u", "int", "int(10) unsigned", "bigint"),
                tuple("c_bigint", "bigint", "bigint(20)", "bigint"),
                tuple("c_bigint_u", "bigint", "bigint(20) unsigned", "numeric(20,0)"),
                tuple("c_decimal", "decimal", "decimal(65,30)", "numeric(65,30)"),
                tuple("c_float", "float", "float", "real"),
                tuple("c_double", "double", "double", "double precision"),
                tuple("c_bit1", "bit", "bit(1)", "bit(1)"),
                tuple("c_bit64", "bit", "bit(64)", "bit(64)"),
                tuple("c_char0", "char", "char(0)", "varchar(1)"),
                tuple("c_char", "char", "char(10)", "varchar(10)"),
                tuple("c_varchar", "varchar", "varchar(255)", "varchar(255)"),
                tuple("c_tinytext", "tinytext", "tinytext", "text"),
                tuple("c_text", "text", "text", "text"),
                tuple("c_mediumtext", "mediumtext", "mediumtext", "text"),
                tuple("c_longtext", "longtext", "longtext", "text"),
                tuple("c_tinyblob", "tinyblob", "tinyblob", "bytea"),
                tuple("c_blob", "blob", "blob", "bytea"),
                tuple("c_mediumblob", "mediumblob", "mediumblob", "bytea"),
                tuple("c_longblob", "longblob", "longblob", "bytea"),
                tuple("c_binary", "binary", "binary(16)", "bytea"),
                tuple("c_varbinary", "varbinary", "varbinary(300)", "bytea"),
                tuple("c_enum", "enum", "enum('a''b','x,y','','back\\\\slash','new\\nline','unsigned')", "text"),
                tuple("c_set", "set", "set('read','write','it''s')", "text"),
                tuple("c_date", "date", "date", "date"),
                tuple("c_datetime", "datetime", "datetime(6)", "timestamp(6) without time zone"),
                tuple("c_timestamp", "timestamp", "timestamp(3)", "timestamp(3) with time zone"),
                tuple("c_time", "time", "time(6)", "interval"),
                tuple("c_year", "year", "year(4)", "smallint"),
                tuple("c_json", "json", "longtext", "jsonb"),
                tuple("c_uuid", "uuid", "uuid", "uuid"),
                tuple("c_inet4", "inet4", "inet4", "inet"),
                tuple("c_inet6", "inet6", "inet6", "inet"),
                tuple("c_geometry", "geometry", "geometry", "bytea"),
                tuple("c_point", "point", "point", "bytea"),
                tuple("c_virtual", "int", "int(11)", "integer"),
                tuple("c_stored", "varchar", "varchar(300)", "varchar(300)"),
                tuple("c_text_null", "varchar", "varchar(5)", "varchar(5)"));
        // Ordinals are the source positions, 1-based, with no gaps when every column is selected.
        for (int i = 0; i < t.getColumnsCount(); i++) {
            assertThat(t.getColumns(i).getOrdinal()).as(t.getColumns(i).getName()).isEqualTo(i + 1);
        }
        assertThat(t.getColumnsList()).filteredOn(ColumnSchema::getUnsigned).extracting(ColumnSchema::getName)
                .containsExactly("id", "c_tinyint_u", "c_smallint_u", "c_mediumint_u", "c_int_u", "c_bigint_u");
    }

    @Test
    void columnDetails() throws SQLException {
        TableSchema t = table(read(whole(DB, "")), "all_types");

        ColumnSchema id = column(t, "id");
        assertThat(id.getAutoIncrement()).isTrue();
        assertThat(id.getNullable()).isFalse();
        assertThat(id.getTargetNullable()).isFalse();
        assertThat(id.getHasDefault()).isFalse();
        assertThat(id.getNumericPrecision()).isEqualTo(20);

        ColumnSchema cInt = column(t, "c_int");
        assertThat(cInt.getHasDefault()).isTrue();
        assertThat(cInt.getDefaultValue()).isEqualTo("42");
        assertThat(cInt.getComment()).isEqualTo("the answer");
        assertThat(cInt.getAutoIncrement()).isFalse();

        // A nullable column without DEFAULT: MariaDB reports the default as the text NULL.
        ColumnSchema tiny = column(t, "c_tinyint");
        assertThat(tiny.getNullable()).isTrue();
        assertThat(tiny.getHasDefault()).isTrue();
        assertThat(tiny.getDefaultValue()).isEqualTo("NULL");
        // ... while the string 'NULL' comes quoted.
        assertThat(column(t, "c_text_null").getDefaultValue()).isEqualTo("'NULL'");

        ColumnSchema ch = column(t, "c_char");
        assertThat(ch.getDefaultValue()).isEqualTo("'abc'");
        assertThat(ch.getCharLength()).isEqualTo(10);
        assertThat(ch.getCharset()).isEqualTo("utf8mb4");
        assertThat(ch.getCollation()).isEqualTo("utf8mb4_general_ci");
        assertThat(ch.getNullable()).isFalse();
        assertThat(ch.getTargetNullable()).isFalse();
        ColumnSchema varchar = column(t, "c_varchar");
        assertThat(varchar.getCharset()).isEqualTo("latin1");
        assertThat(varchar.getCollation()).isEqualTo("latin1_swedish_ci");
        assertThat(column(t, "c_char0").getCharLength()).isZero();
        assertThat(column(t, "c_varbinary").getCharLength()).isEqualTo(300);
        assertThat(column(t, "c_longtext").getCharLength()).isEqualTo(4294967295L);
        assertThat(column(t, "c_int").getCharset()).isEmpty();

        ColumnSchema dec = column(t, "c_decimal");
        assertThat(dec.getNumericPrecision()).isEqualTo(65);
        assertThat(dec.getNumericScale()).isEqualTo(30);
        assertThat(column(t, "c_bit1").getNumericPrecision()).isEqualTo(1);
        assertThat(column(t, "c_bit1").getDefaultValue()).isEqualTo("b'1'");
        assertThat(column(t, "c_bit64").getNumericPrecision()).isEqualTo(64);

        ColumnSchema e = column(t, "c_enum");
        assertThat(e.getEnumValuesList()).containsExactly("a'b", "x,y", "", "back\\slash", "new\nline", "unsigned");
        assertThat(e.getUnsigned()).isFalse();
        assertThat(e.getDefaultValue()).isEqualTo("'x,y'");
        ColumnSchema set = column(t, "c_set");
        assertThat(set.getEnumValuesList()).containsExactly("read", "write", "it's");
        assertThat(set.getDefaultValue()).isEqualTo("'read,write'");

        ColumnSchema ts = column(t, "c_timestamp");
        assertThat(ts.getDatetimePrecision()).isEqualTo(3);
        assertThat(ts.getDefaultValue()).isEqualTo("current_timestamp(3)");
        assertThat(ts.getNullable()).isFalse();
        assertThat(ts.getTargetNullable()).as("a zero date cannot be NOT NULL in PostgreSQL").isTrue();
        assertThat(column(t, "c_datetime").getDatetimePrecision()).isEqualTo(6);
        assertThat(column(t, "c_time").getDatetimePrecision()).isEqualTo(6);
        assertThat(column(t, "c_date").getDatetimePrecision()).isZero();

        ColumnSchema json = column(t, "c_json");
        assertThat(json.getCollation()).isEqualTo("utf8mb4_bin");

        ColumnSchema virtual = column(t, "c_virtual");
        assertThat(virtual.getGenerationExpression()).isEqualTo("`c_int` * 2");
        assertThat(virtual.getHasDefault()).isFalse();
        assertThat(column(t, "c_stored").getGenerationExpression()).isEqualTo("concat(`c_varchar`,'x')");
        assertThat(column(t, "c_int").getGenerationExpression()).isEmpty();
    }

    @Test
    void tinyint1CanMapToBoolean() throws SQLException {
        TaskSpec spec = whole(DB, "").toBuilder().setOptions(MappingOptions.newBuilder().setTinyint1AsBoolean(true)).build();
        TableSchema t = table(read(spec), "all_types");

        assertThat(column(t, "c_bool").getTargetType()).isEqualTo("boolean");
        assertThat(column(t, "c_tinyint").getTargetType()).isEqualTo("smallint");
    }

    @Test
    void tableDetails() throws SQLException {
        TableSchema t = table(read(whole(DB, "")), "all_types");

        assertThat(t.getEngine()).isEqualTo("InnoDB");
        assertThat(t.getComment()).isEqualTo("every type");
        assertThat(t.getAutoIncrement()).isEqualTo(3);
        assertThat(t.getEstimatedRows()).isEqualTo(2);
        assertThat(t.getEstimatedBytes()).isPositive();
        assertThat(table(read(whole(DB, "")), "keyless").getAutoIncrement()).isZero();
    }

    @Test
    void jsonColumnsAreFoundByTheirJsonValidCheck() throws SQLException {
        TableSchema t = table(read(whole(DB, "")), "docs");

        assertThat(t.getColumnsList()).extracting(ColumnSchema::getName, ColumnSchema::getDataType, ColumnSchema::getTargetType)
                .containsExactly(
                        tuple("id", "int", "integer"),
                        tuple("doc", "json", "jsonb"),
                        tuple("doc2", "json", "jsonb"),
                        tuple("vj", "varchar", "varchar(200)"));
        // The json_valid() marks of the JSON columns are not checks; on a VARCHAR it is a real check.
        assertThat(t.getChecksList()).extracting(CheckSchema::getName, CheckSchema::getClause).containsExactlyInAnyOrder(
                tuple("vj", "json_valid(`vj`)"),
                tuple("chk_doc_small", "octet_length(`doc`) < 10000"));
    }

    // ---------------------------------------------------------------- keys and indexes

    @Test
    void indexesAndRowKeys() throws SQLException {
        SchemaResponse r = read(whole(DB, ""));

        TableSchema order = table(r, "Order");
        assertThat(order.getKeyColumnsList()).containsExactly("line", "order id");
        assertThat(order.getIndexesList()).extracting(IndexSchema::getName, IndexSchema::getPrimary, IndexSchema::getUnique,
                IndexSchema::getColumnsList, IndexSchema::getSubPartsList, IndexSchema::getKind).containsExactly(
                tuple("PRIMARY", true, true, List.of("line", "order id"), List.of(0, 0), "BTREE"),
                tuple("idx_quote", false, false, List.of("col\"quote"), List.of(0), "BTREE"),
                tuple("idx_multi", false, false, List.of("order id", "qty", "col\"quote"), List.of(0, 0, 0), "BTREE"),
                tuple("idx_prefix", false, false, List.of("back`tick"), List.of(10), "BTREE"),
                tuple("idx_owner", false, false, List.of("owner_id"), List.of(0), "BTREE"),
                tuple("idx_customer", false, false, List.of("customer_id"), List.of(0), "BTREE"),
                // MariaDB's key order, not the definition order: FULLTEXT keys come after the others.
                tuple("ft_name", false, false, List.of("naïve_名前"), List.of(0), "FULLTEXT"));
        assertThat(column(order, "col\"quote").getDefaultValue()).isEqualTo("'it''s'");

        // No primary key: the unique key on NOT NULL columns, not the one on a nullable column.
        TableSchema uniqueOnly = table(r, "unique_only");
        assertThat(uniqueOnly.getKeyColumnsList()).containsExactly("code");
        assertThat(uniqueOnly.getIndexesList()).extracting(IndexSchema::getName, IndexSchema::getUnique)
                .containsExactlyInAnyOrder(tuple("uk_code", true), tuple("uk_maybe", true));

        TableSchema keyless = table(r, "keyless");
        assertThat(keyless.getKeyColumnsList()).isEmpty();
        assertThat(keyless.getIndexesList()).extracting(IndexSchema::getName, IndexSchema::getSubPartsList)
                .containsExactly(tuple("uk_a", List.of(0)), tuple("k_b", List.of(20)));
    }

    // ---------------------------------------------------------------- foreign keys

    @Test
    void foreignKeysGetTheTargetNamesOfSelectedTables() throws SQLException {
        TaskSpec spec = spec(
                DatabaseSelection.newBuilder().setDatabase(DB).setRename("Shop").build(),
                DatabaseSelection.newBuilder().setDatabase(CRM).setRename("crm_pg").build());
        SchemaResponse r = read(spec);

        assertThat(table(r, "my table").getForeignKeysList()).containsExactly(ForeignKeySchema.newBuilder()
                .setName("fk parent").addColumns("parent id")
                .setReferencedDatabase(DB).setReferencedTable("my table").addReferencedColumns("id")
                .setReferencedTargetSchema("Shop").setReferencedTargetTable("my table").addReferencedTargetColumns("id")
                .setOnDelete("CASCADE").setOnUpdate("CASCADE").build());
        assertThat(table(r, "Order").getForeignKeysList()).containsExactly(
                ForeignKeySchema.newBuilder()
                        .setName("fk_customer").addColumns("customer_id")
                        .setReferencedDatabase(CRM).setReferencedTable("customers").addReferencedColumns("id")
                        .setReferencedTargetSchema("crm_pg").setReferencedTargetTable("customers").addReferencedTargetColumns("id")
                        .setOnDelete("RESTRICT").setOnUpdate("RESTRICT").build(),
                ForeignKeySchema.newBuilder()
                        .setName("fk_owner").addColumns("owner_id")
                        .setReferencedDatabase(DB).setReferencedTable("my table").addReferencedColumns("id")
                        .setReferencedTargetSchema("Shop").setReferencedTargetTable("my table").addReferencedTargetColumns("id")
                        .setOnDelete("SET NULL").setOnUpdate("RESTRICT").build());
        assertThat(table(r, "customers").getTargetSchema()).isEqualTo("crm_pg");
        assertThat(r.getWarningsList()).noneMatch(w -> w.contains("foreign key"));
    }

    @Test
    void foreignKeysFollowTableAndColumnRenames() throws SQLException {
        SchemaResponse r = read(tables(DB, "shop_pg",
                TableSelection.newBuilder().setName("Order").setRename("orders").putRenameColumns("order id", "order_id").build(),
                TableSelection.newBuilder().setName("order_line").build()));

        assertThat(table(r, "order_line").getForeignKeysList()).containsExactly(ForeignKeySchema.newBuilder()
                .setName("fk_order").addColumns("o_line").addColumns("o_id")
                .setReferencedDatabase(DB).setReferencedTable("Order").addReferencedColumns("line").addReferencedColumns("order id")
                .setReferencedTargetSchema("shop_pg").setReferencedTargetTable("orders")
                .addReferencedTargetColumns("line").addReferencedTargetColumns("order_id")
                .setOnDelete("RESTRICT").setOnUpdate("CASCADE").build());
        // `my table` is not selected: the key is described, without target, and the user is told.
        ForeignKeySchema owner = table(r, "Order").getForeignKeysList().stream().filter(fk -> fk.getName().equals("fk_owner"))
                .findFirst().orElseThrow();
        assertThat(owner.getReferencedTable()).isEqualTo("my table");
        assertThat(owner.getReferencedTargetSchema()).isEmpty();
        assertThat(owner.getReferencedTargetTable()).isEmpty();
        assertThat(owner.getReferencedTargetColumnsList()).isEmpty();
        assertThat(r.getWarningsList()).contains("table sr_test.Order: foreign key fk_owner references sr_test.my table, "
                + "which is not selected: the key is not created in PostgreSQL");
    }

    @Test
    void foreignKeyToAnUnselectedColumnHasNoTarget() throws SQLException {
        SchemaResponse r = read(tables(DB, "",
                TableSelection.newBuilder().setName("Order").addColumns("order id").addColumns("qty").build(),
                TableSelection.newBuilder().setName("order_line").build()));

        ForeignKeySchema fk = table(r, "order_line").getForeignKeys(0);
        assertThat(fk.getName()).isEqualTo("fk_order");
        assertThat(fk.getReferencedColumnsList()).containsExactly("line", "order id");
        assertThat(fk.getReferencedTargetSchema()).isEmpty();
        assertThat(fk.getReferencedTargetTable()).isEmpty();
        assertThat(fk.getReferencedTargetColumnsList()).isEmpty();
        assertThat(r.getWarningsList()).contains("table sr_test.order_line: foreign key fk_order references column line of "
                + "sr_test.Order, not selected: the key is not created in PostgreSQL");
    }

    // ---------------------------------------------------------------- errors

    @Test
    void missingObjectsAreNamedByTheirTaskFileEntry() {
        assertThatThrownBy(() -> read(spec(
                DatabaseSelection.newBuilder().setDatabase(DB).build(),
                DatabaseSelection.newBuilder().setDatabase(CRM).addTables(TableSelection.newBuilder().setName("customerz")).build())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("objects[1].tables[0]: table sr_test_crm.customerz does not exist in the source");
        assertThatThrownBy(() -> read(whole("sr_test_nope", "")))
                .hasMessage("objects[0]: database sr_test_nope does not exist in the source");
        assertThatThrownBy(() -> read(whole("SR_TEST", "")))
                .hasMessage("objects[0]: database SR_TEST does not exist in the source (names are case-sensitive: did you mean sr_test?)");
        assertThatThrownBy(() -> read(tables(DB, "", TableSelection.newBuilder().setName("Order").addColumns("qty").addColumns("qtyy").build())))
                .hasMessage("objects[0].tables[0].columns[1]: column sr_test.Order.qtyy does not exist in the source");
        assertThatThrownBy(() -> read(tables(DB, "", TableSelection.newBuilder().setName("ORDER_LINE").build())))
                .hasMessage("objects[0].tables[0]: table sr_test.ORDER_LINE does not exist in the source "
                        + "(names are case-sensitive: did you mean order_line?)");
        assertThatThrownBy(() -> read(tables(DB, "", TableSelection.newBuilder().setName("order_line").putRenameColumns("O_ID", "x").build())))
                .hasMessage("objects[0].tables[0].renameColumns.O_ID: column sr_test.order_line.O_ID does not exist in the source "
                        + "(names are case-sensitive: did you mean o_id?)");
        assertThatThrownBy(() -> read(tables(DB, "", TableSelection.newBuilder().setName("v_orders").build())))
                .hasMessage("objects[0].tables[0]: sr_test.v_orders is a view, not a table: only base tables can be synchronized");
        assertThatThrownBy(() -> read(tables(DB, "", TableSelection.newBuilder().setName("history").build())))
                .hasMessage("objects[0].tables[0]: table sr_test.history is system-versioned (WITH SYSTEM VERSIONING), "
                        + "which cannot be synchronized");
    }

    @Test
    void renamesMustNotCollide() {
        assertThatThrownBy(() -> read(tables(DB, "",
                TableSelection.newBuilder().setName("order").setRename("orders").build(),
                TableSelection.newBuilder().setName("Order").setRename("orders").build())))
                .hasMessage("objects[0].tables[1]: table sr_test.Order and table sr_test.order (objects[0].tables[0]) "
                        + "would both become sr_test.orders in PostgreSQL (rename one of them)");
        assertThatThrownBy(() -> read(spec(
                DatabaseSelection.newBuilder().setDatabase(DB).addTables(TableSelection.newBuilder().setName("keyless")).build(),
                DatabaseSelection.newBuilder().setDatabase(MANY).setRename(DB).addTables(TableSelection.newBuilder().setName("t1")
                        .setRename("keyless")).build())))
                .hasMessageStartingWith("objects[1].tables[0]: table sr_test_many.t1 and table sr_test.keyless");
        assertThatThrownBy(() -> read(tables(DB, "", TableSelection.newBuilder().setName("keyless").putRenameColumns("a", "b").build())))
                .hasMessage("objects[0].tables[0].renameColumns.a: columns sr_test.keyless.a and sr_test.keyless.b "
                        + "would both become column b in PostgreSQL");
    }

    // ---------------------------------------------------------------- cost

    @Test
    void aDatabaseCostsSevenQueriesWhateverItsSize() throws SQLException {
        AtomicInteger statements = new AtomicInteger();
        Connection counting = (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    if (method.getName().startsWith("prepare") || method.getName().equals("createStatement")) {
                        statements.incrementAndGet();
                    }
                    return method.invoke(source, args);
                });

        SchemaResponse r = SchemaReader.read(counting, whole(MANY, ""));

        assertThat(r.getTablesCount()).isEqualTo(MANY_TABLES);
        assertThat(statements).hasValue(7);
        TableSchema t7 = table(r, "t7");
        assertThat(t7.getIndexesList()).extracting(IndexSchema::getName).containsExactly("PRIMARY", "kb");
        assertThat(t7.getForeignKeysList()).extracting(ForeignKeySchema::getName, ForeignKeySchema::getReferencedTargetTable)
                .containsExactly(tuple("fk7", "t0"));
        assertThat(t7.getChecksList()).extracting(CheckSchema::getClause).containsExactly("`b` > 0");
    }

    // ---------------------------------------------------------------- helpers

    static SchemaResponse read(TaskSpec spec) throws SQLException {
        return SchemaReader.read(source, spec);
    }

    static TaskSpec spec(DatabaseSelection... objects) {
        return TaskSpec.newBuilder().setName("schema-reader-test").addAllObjects(List.of(objects)).build();
    }

    static TaskSpec whole(String database, String rename) {
        return spec(DatabaseSelection.newBuilder().setDatabase(database).setRename(rename).build());
    }

    static TaskSpec tables(String database, String rename, TableSelection... tables) {
        return spec(DatabaseSelection.newBuilder().setDatabase(database).setRename(rename).addAllTables(List.of(tables)).build());
    }

    static TableSchema table(SchemaResponse r, String name) {
        return r.getTablesList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no table " + name + " in " + r.getTablesList().stream().map(TableSchema::getName).toList()));
    }

    static ColumnSchema column(TableSchema t, String name) {
        return t.getColumnsList().stream().filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no column " + name + " in " + t.getName()));
    }
}
