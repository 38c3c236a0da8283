package dev.sluice.apply.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.TableSchema;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The plan applied to a real PostgreSQL 15, checked from its catalog. */
class SchemaApplierTest {

    private static final String DB = "sluice_test_schema_applier";

    private Connection pg;

    @BeforeEach
    void freshDatabase() throws Exception {
        LocalDatabases dbs = LocalDatabases.get();
        dbs.recreatePgDatabase(DB);
        pg = dbs.pg(DB);
        try (Statement st = pg.createStatement()) {
            st.execute("SET TimeZone = 'UTC'");
        }
    }

    @AfterEach
    void close() throws Exception {
        pg.close();
    }

    private static List<TableSchema> all() {
        List<TableSchema> tables = new ArrayList<>(DdlFixtures.shop());
        tables.add(DdlFixtures.everyType());
        return tables;
    }

    private List<TargetTable> applyAll(DdlPlan plan, String mode) throws Exception {
        List<TargetTable> created = SchemaApplier.applyBeforeCopy(pg, plan, mode);
        assertThat(SchemaApplier.applyAfterCopy(pg, plan.only(created))).isEmpty();
        return created;
    }

    @Test
    void everyMappedTypeWithItsNullabilityDefaultAndIdentity() throws Exception {
        applyAll(DdlPlanner.plan(all()), "report");

        assertThat(PgCatalog.columns(pg, "shop", "every_type")).containsExactly(
                "id | bigint | NOT NULL | - | d",
                "c_tinyint | smallint | NOT NULL | 0 | -",
                "c_tinyint_u | smallint | null | - | -",
                "c_smallint | smallint | null | '-3'::integer | -",
                "c_smallint_u | integer | null | - | -",
                "c_mediumint | integer | null | - | -",
                "c_mediumint_u | integer | null | - | -",
                "c_int | integer | NOT NULL | 5 | - | it's a count",
                "c_bigint | bigint | null | - | -",
                "c_bigint_u | numeric(20,0) | null | '18446744073709551615'::numeric | -",
                "c_bool | boolean | null | true | -",
                "c_bool0 | boolean | NOT NULL | false | -",
                "c_decimal | numeric(65,30) | null | 1.500000000000000000000000000000 | -",
                "c_float | real | null | '100000000000000000000'::numeric | -",
                "c_double | double precision | null | '-0.0005'::numeric | -",
                "c_bit | bit(8) | null | '00000101'::\"bit\" | -",
                "c_bit1 | bit(1) | null | '1'::\"bit\" | -",
                "c_char | character varying(10) | NOT NULL | 'it''s'::character varying(10) | -",
                "c_varchar | character varying(255) | null | 'back\\slash\n'::character varying(255) | -",
                "c_text | text | null | 'texty'::text | -",
                "c_mediumtext | text | null | - | -",
                "c_binary | bytea | null | '\\x61620000'::bytea | -",
                "c_blob | bytea | null | - | -",
                "c_enum | text | NOT NULL | 'small'::text | -",
                "c_set | text | null | 'x,y'::text | -",
                "c_date | date | null | '2020-02-29'::date | -",
                "c_date_zero | date | null | - | -",
                "c_date_today | date | null | CURRENT_DATE | -",
                "c_datetime | timestamp(6) without time zone | null | '2020-01-02 03:04:05.123456'::timestamp(6) without time zone | -",
                "c_datetime_now | timestamp(0) without time zone | null | LOCALTIMESTAMP | -",
                "c_datetime_today | timestamp(0) without time zone | null | (CURRENT_DATE)::timestamp(0) without time zone | -",
                "c_timestamp | timestamp(3) with time zone | null | CURRENT_TIMESTAMP | -",
                "c_timestamp_lit | timestamp(0) with time zone | null | '2021-06-01 12:00:00+00'::timestamp(0) with time zone | -",
                "c_time | interval | null | '-838:59:59'::interval | -",
                "c_year | smallint | null | 2020 | -",
                "c_json | jsonb | null | '{\"a\": 1}'::jsonb | -",
                "c_uuid | uuid | null | gen_random_uuid() | -",
                "c_uuid_lit | uuid | null | '6ccd780c-baba-1026-9564-5b8c656024db'::uuid | -",
                "c_uuid_text | character varying(36) | null | (gen_random_uuid())::character varying(36) | -",
                "c_inet4 | inet | null | '1.2.3.4'::inet | -",
                "c_inet6 | inet | null | - | -",
                "c_point | bytea | NOT NULL | - | -",
                "c_expr | character varying(40) | null | - | -",
                "c_null_default | integer | null | - | -",
                "c_generated | integer | null | - | -");
        assertThat(PgCatalog.tableComment(pg, "shop", "every_type")).isEqualTo("one column per mapped type");
        assertThat(PgCatalog.indexes(pg, "shop", "every_type")).containsExactly(
                "every_type_idx_int | CREATE INDEX every_type_idx_int ON shop.every_type USING btree (c_int) | false | false",
                "every_type_idx_multi | CREATE INDEX every_type_idx_multi ON shop.every_type USING btree (c_int, c_date) | false | false",
                "every_type_idx_prefix | CREATE INDEX every_type_idx_prefix ON shop.every_type USING btree (c_text) | false | false",
                "every_type_pkey | CREATE UNIQUE INDEX every_type_pkey ON shop.every_type USING btree (id) | true | true",
                "every_type_uq_char | CREATE UNIQUE INDEX every_type_uq_char ON shop.every_type USING btree (c_char) | true | false");
        assertThat(PgCatalog.constraints(pg, "shop", "every_type")).containsExactly(
                "every_type_c_enum_check | c | CHECK ((c_enum = ANY (ARRAY['small'::text, 'medium'::text, 'large'::text,"
                        + " 'it''s'::text, ''::text]))) |   |  ",
                "every_type_chk_len | c | CHECK ((char_length((c_char)::text) > 0)) |   |  ",
                "every_type_chk_range | c | CHECK (((c_int > 0) AND ((c_smallint >= '-10'::integer) AND (c_smallint <= 10)))) |   |  ",
                "every_type_pkey | p | PRIMARY KEY (id) |   |  ",
                "every_type_uq_char | u | UNIQUE (c_char) |   |  ");
    }

    @Test
    void defaultsProduceTheSourceValues() throws Exception {
        applyAll(DdlPlanner.plan(all()), "report");
        try (Statement st = pg.createStatement()) {
            st.execute("INSERT INTO shop.every_type (c_point) VALUES ('\\x00')");
            var rs = st.executeQuery("SELECT id, c_tinyint, c_bool, c_bit::text, c_binary, c_varchar, c_enum, c_time::text,"
                    + " c_timestamp_lit, c_bigint_u, c_uuid IS NOT NULL, length(c_uuid_text), c_date_zero IS NULL,"
                    + " c_datetime_now IS NOT NULL FROM shop.every_type");
            assertThat(rs.next()).isTrue();
            assertThat(rs.getLong(1)).isEqualTo(1);
            assertThat(rs.getInt(2)).isEqualTo(0);
            assertThat(rs.getBoolean(3)).isTrue();
            assertThat(rs.getString(4)).isEqualTo("00000101");
            assertThat(rs.getBytes(5)).containsExactly('a', 'b', 0, 0);
            assertThat(rs.getString(6)).isEqualTo("back\\slash\n");
            assertThat(rs.getString(7)).isEqualTo("small");
            assertThat(rs.getString(8)).isEqualTo("-838:59:59");
            assertThat(rs.getObject(9, java.time.OffsetDateTime.class).toInstant()).isEqualTo(java.time.Instant.parse("2021-06-01T12:00:00Z"));
            assertThat(rs.getString(10)).isEqualTo("18446744073709551615");
            assertThat(rs.getBoolean(11)).isTrue();
            assertThat(rs.getInt(12)).isEqualTo(36);
            assertThat(rs.getBoolean(13)).isTrue();
            assertThat(rs.getBoolean(14)).isTrue();
        }
    }

    @Test
    void enumCheckKeepsTheLabelsAndMariaDbsEmptyErrorValue() throws Exception {
        applyAll(DdlPlanner.plan(all()), "report");
        try (Statement st = pg.createStatement()) {
            st.execute("INSERT INTO shop.every_type (c_point, c_char, c_enum) VALUES ('\\x00', 'a', 'it''s'), ('\\x00', 'b', '')");
            assertThatThrownBy(() -> st.execute("INSERT INTO shop.every_type (c_point, c_enum) VALUES ('\\x00', 'Small')"))
                    .hasMessageContaining("every_type_c_enum_check");
        }
    }

    @Test
    void keysIndexesForeignKeysAndTrickyNames() throws Exception {
        DdlPlan plan = DdlPlanner.plan(all());
        applyAll(plan, "report");

        assertThat(PgCatalog.columns(pg, "shop", "Order")).containsExactly(
                "order id | bigint | NOT NULL | - | d",
                "customer_id | integer | NOT NULL | - | -",
                "parent_id | bigint | null | - | -",
                "col\"quote | character varying(10) | null | 'q\"'::character varying(10) | -",
                "naïve_名前 | text | null | - | - | 名前 comment");
        assertThat(PgCatalog.tableComment(pg, "shop", "Order")).isEqualTo("orders; \"quoted\" and 'single'");
        assertThat(PgCatalog.indexes(pg, "shop", "Order")).containsExactly(
                "Order_naïve_名前_idx | CREATE INDEX \"Order_naïve_名前_idx\" ON shop.\"Order\" USING btree (\"naïve_名前\") | false | false",
                "Order_pkey | CREATE UNIQUE INDEX \"Order_pkey\" ON shop.\"Order\" USING btree (\"order id\") | true | true",
                "Order_uq_quote | CREATE UNIQUE INDEX \"Order_uq_quote\" ON shop.\"Order\" USING btree (\"col\"\"quote\") | true | false");
        // confdeltype/confupdtype: a no action, r restrict, c cascade, n set null
        assertThat(PgCatalog.constraints(pg, "shop", "Order")).containsExactly(
                "Order_fk_customer | f | FOREIGN KEY (customer_id) REFERENCES shop.customers(id) ON UPDATE CASCADE ON DELETE RESTRICT NOT VALID | r | c",
                "Order_fk_parent | f | FOREIGN KEY (parent_id) REFERENCES shop.\"Order\"(\"order id\") ON DELETE SET NULL NOT VALID | n | a",
                "Order_pkey | p | PRIMARY KEY (\"order id\") |   |  ",
                "Order_uq_quote | u | UNIQUE (\"col\"\"quote\") |   |  ");

        assertThat(PgCatalog.columns(pg, "shop", "my table")).containsExactly(
                "order_id | bigint | NOT NULL | - | -",
                "line_no | smallint | NOT NULL | - | -",
                "qty | integer | NOT NULL | 1 | -");
        assertThat(PgCatalog.constraints(pg, "shop", "my table")).containsExactly(
                "my table_fk_order | f | FOREIGN KEY (order_id) REFERENCES shop.\"Order\"(\"order id\") ON UPDATE CASCADE ON DELETE CASCADE NOT VALID | c | c",
                "my table_pkey | p | PRIMARY KEY (order_id, line_no) |   |  ");

        assertThat(PgCatalog.constraints(pg, "shop", "only_unique")).containsExactly("only_unique_code | u | UNIQUE (code) |   |  ");
        assertThat(PgCatalog.columns(pg, "shop", "customers")).containsExactly(
                "id | integer | NOT NULL | - | d",
                "email | character varying(100) | NOT NULL | - | -");
    }

    /**
     * PostgreSQL index names are schema-wide: a table renamed away keeps its index names ("Order_pkey"),
     * and a table outside the task may be called like a planned index ("Order_uq_quote"). The plan
     * takes the destination's names into account, and planning again afterwards gives the same names.
     */
    @Test
    void namesTheDestinationAlreadyUsesAreNotReused() throws Exception {
        try (Statement st = pg.createStatement()) {
            st.execute("CREATE SCHEMA shop");
            st.execute("CREATE TABLE shop.\"Order\" (id int PRIMARY KEY)");
            st.execute("ALTER TABLE shop.\"Order\" RENAME TO order_2019");
            st.execute("CREATE TABLE shop.\"Order_uq_quote\" (x int)");
        }
        assertThatThrownBy(() -> SchemaApplier.applyBeforeCopy(pg, DdlPlanner.plan(all()), "report"))
                .as("the plan that ignores the destination collides").hasMessageContaining("already exists");

        DdlPlan plan = DdlPlanner.plan(all(), SchemaApplier.takenNames(pg, all()));
        applyAll(plan, "report");
        List<String> constraints = PgCatalog.constraints(pg, "shop", "Order");
        assertThat(constraints).anySatisfy(c -> assertThat(c).matches("Order_pkey_[0-9a-f]{8} \\| p \\| PRIMARY KEY \\(\"order id\"\\).*"));
        assertThat(constraints).anySatisfy(c -> assertThat(c).matches("Order_uq_quote_[0-9a-f]{8} \\| u \\| UNIQUE .*"));
        assertThat(constraints).anySatisfy(c -> assertThat(c).startsWith("Order_fk_customer | f |"));
        assertThat(PgCatalog.constraints(pg, "shop", "order_2019")).containsExactly("Order_pkey | p | PRIMARY KEY (id) |   |  ");

        // Planned again (a restart, an UpdateTask): the keys and indexes already made keep their names.
        DdlPlan again = DdlPlanner.plan(all(), SchemaApplier.takenNames(pg, all()));
        assertThat(statements(again)).isEqualTo(statements(plan));
    }

    private static List<String> statements(DdlPlan plan) {
        List<String> out = new ArrayList<>();
        plan.beforeCopy().forEach(d -> out.add(d.sql()));
        plan.afterCopy().forEach(d -> out.add(d.sql()));
        return out;
    }

    @Test
    void foreignKeyActionsWork() throws Exception {
        applyAll(DdlPlanner.plan(all()), "report");
        try (Statement st = pg.createStatement()) {
            st.execute("INSERT INTO shop.customers (id, email) VALUES (1, 'a@x')");
            st.execute("INSERT INTO shop.\"Order\" (\"order id\", customer_id) VALUES (10, 1)");
            st.execute("INSERT INTO shop.\"Order\" (\"order id\", customer_id, parent_id, \"col\"\"quote\") VALUES (11, 1, 10, 'x')");
            st.execute("INSERT INTO shop.\"my table\" (order_id, line_no) VALUES (11, 1)");
            assertThatThrownBy(() -> st.execute("DELETE FROM shop.customers")).hasMessageContaining("Order_fk_customer");
            st.execute("UPDATE shop.customers SET id = 2");
            st.execute("DELETE FROM shop.\"Order\" WHERE \"order id\" = 10");
            var rs = st.executeQuery("SELECT customer_id, parent_id FROM shop.\"Order\"");
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(2);
            assertThat(rs.getObject(2)).isNull();
            st.execute("DELETE FROM shop.\"Order\"");
            rs = st.executeQuery("SELECT count(*) FROM shop.\"my table\"");
            rs.next();
            assertThat(rs.getInt(1)).isZero();
        }
    }

    @Test
    void reportModeNamesEveryExistingTableAndChangesNothing() throws Exception {
        try (Statement st = pg.createStatement()) {
            st.execute("CREATE SCHEMA shop");
            st.execute("CREATE TABLE shop.\"Order\" (x int)");
            st.execute("CREATE VIEW shop.\"my table\" AS SELECT 1 AS y");
        }
        DdlPlan plan = DdlPlanner.plan(all());
        assertThat(SchemaApplier.existingTables(pg, all()))
                .containsExactly(new TargetTable("shop", "Order"), new TargetTable("shop", "my table"));

        assertThatThrownBy(() -> SchemaApplier.applyBeforeCopy(pg, plan, "report"))
                .isInstanceOf(ConflictingTablesException.class)
                .hasMessageContaining("shop.Order, shop.my table")
                .satisfies(e -> assertThat(((ConflictingTablesException) e).tables()).hasSize(2));
        assertThat(SchemaApplier.existingTables(pg, all())).hasSize(2);
        assertThat(PgCatalog.lines(pg, "SELECT count(*)::text FROM pg_class k JOIN pg_namespace n ON n.oid = k.relnamespace"
                + " WHERE n.nspname = 'shop'")).containsExactly("2");
        assertThat(pg.getAutoCommit()).isTrue();
    }

    @Test
    void ignoreModeKeepsExistingTablesAsTheyAreAndCreatesTheRest() throws Exception {
        try (Statement st = pg.createStatement()) {
            st.execute("CREATE SCHEMA shop");
            st.execute("CREATE TABLE shop.customers (id int PRIMARY KEY, name text)");
        }
        DdlPlan plan = DdlPlanner.plan(all());
        List<TargetTable> created = SchemaApplier.applyBeforeCopy(pg, plan, "ignore");
        assertThat(created).containsExactly(new TargetTable("shop", "Order"), new TargetTable("shop", "my table"),
                new TargetTable("shop", "only_unique"), new TargetTable("shop", "every_type"));
        assertThat(SchemaApplier.applyAfterCopy(pg, plan.only(created))).isEmpty();

        assertThat(PgCatalog.columns(pg, "shop", "customers")).containsExactly(
                "id | integer | NOT NULL | - | -",
                "name | text | null | - | -");
        assertThat(PgCatalog.indexes(pg, "shop", "customers")).containsExactly(
                "customers_pkey | CREATE UNIQUE INDEX customers_pkey ON shop.customers USING btree (id) | true | true");
        // the created table's foreign key to the kept one is there
        assertThat(PgCatalog.constraints(pg, "shop", "Order")).anyMatch(l -> l.startsWith("Order_fk_customer | f |"));
    }

    @Test
    void afterCopyRunsAgainAfterACrash() throws Exception {
        DdlPlan plan = DdlPlanner.plan(all());
        applyAll(plan, "report");
        List<String> indexes = PgCatalog.indexes(pg, "shop", "every_type");
        List<String> constraints = PgCatalog.constraints(pg, "shop", "Order");

        // as if the first run had stopped half-way
        try (Statement st = pg.createStatement()) {
            st.execute("DROP INDEX shop.every_type_idx_multi");
            st.execute("ALTER TABLE shop.\"Order\" DROP CONSTRAINT \"Order_fk_parent\"");
        }
        assertThat(SchemaApplier.applyAfterCopy(pg, plan)).isEmpty();
        assertThat(SchemaApplier.applyAfterCopy(pg, plan)).isEmpty();

        assertThat(PgCatalog.indexes(pg, "shop", "every_type")).isEqualTo(indexes);
        assertThat(PgCatalog.constraints(pg, "shop", "Order")).isEqualTo(constraints);
    }

    @Test
    void aCheckTheCopiedRowsBreakIsReportedAndTheRestIsCreated() throws Exception {
        DdlPlan plan = DdlPlanner.plan(all());
        SchemaApplier.applyBeforeCopy(pg, plan, "report");
        try (Statement st = pg.createStatement()) {
            st.execute("INSERT INTO shop.every_type (c_point, c_int) VALUES ('\\x00', -1)"); // breaks chk_range
        }
        assertThat(SchemaApplier.applyAfterCopy(pg, plan)).singleElement().asString()
                .startsWith("shop.every_type: check every_type_chk_range not created:")
                .contains("violated by some row");
        assertThat(PgCatalog.constraints(pg, "shop", "every_type")).anyMatch(l -> l.startsWith("every_type_chk_len"))
                .noneMatch(l -> l.startsWith("every_type_chk_range"));
        assertThat(PgCatalog.constraints(pg, "shop", "Order")).anyMatch(l -> l.startsWith("Order_fk_parent"));
    }

    @Test
    void anIndexNameTakenByAnotherRelationFailsInsteadOfBeingSilentlySkipped() throws Exception {
        DdlPlan plan = DdlPlanner.plan(all());
        SchemaApplier.applyBeforeCopy(pg, plan, "report");
        try (Statement st = pg.createStatement()) {
            st.execute("CREATE TABLE shop.every_type_idx_int (x int)");
        }
        assertThatThrownBy(() -> SchemaApplier.applyAfterCopy(pg, plan))
                .hasMessageContaining("every_type_idx_int").hasMessageContaining("taken by another relation");
        assertThat(PgCatalog.indexes(pg, "shop", "every_type")).hasSize(2); // rolled back: only pkey and uq_char
    }

    @Test
    void unknownConflictModeIsRefused() {
        assertThatThrownBy(() -> SchemaApplier.applyBeforeCopy(pg, DdlPlanner.plan(all()), "replace"))
                .hasMessageContaining("'replace' is not a mode");
    }
}
