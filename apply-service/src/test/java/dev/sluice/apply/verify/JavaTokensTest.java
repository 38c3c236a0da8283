package dev.sluice.apply.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.model.JsonbText;
import dev.sluice.model.PgText;
import dev.sluice.model.Values;
import dev.sluice.model.VerifySql;
import dev.sluice.model.VerifyTokens;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The tokens capture-service computes in Java (JSON, columns computed by ETL) against what a real
 * PostgreSQL computes with VerifySql's expressions for the same values written into the columns.
 */
class JavaTokensTest {

    static Connection pg;

    @BeforeAll
    static void connect() throws Exception {
        LocalDatabases db = LocalDatabases.get();
        db.recreatePgDatabase("sluice_test_java_tokens");
        pg = db.pg("sluice_test_java_tokens");
    }

    @AfterAll
    static void close() throws Exception {
        pg.close();
    }

    static String pgText(String json) throws Exception {
        try (PreparedStatement ps = pg.prepareStatement("SELECT ?::jsonb::text")) {
            ps.setString(1, json);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    @Test
    void jsonAsJsonbPrintsIt() throws Exception {
        List<String> documents = List.of(
                "{\"b\":1,\"a\":2,\"aa\":3,\"é\":4,\"z\":5,\"\":6}",
                "{\"k\":1,\"k\":2}",
                "[1, 1.0, 1.50, -0, -0.0, 1e2, 1.5E-3, 12345678901234567890123, 1e30, 0.000001, 3.14159265358979323846264338327950288]",
                "\"tab\\tnew\\nline\\u0001\\u001f quote\\\" back\\\\ slash/ é 😀 \\u00e9 \\ud83d\\ude00\"",
                "{\"nested\": {\"y\": [true, false, null, {}], \"x\": []}, \"n\": null}",
                "  42  ", "true", "null", "\"\"", "{}", "[]",
                "{\"Ä\":1,\"a\":1,\"B\":1,\"b\":1,\"aB\":1,\"ab\":1,\"Ab\":1}");
        for (String doc : documents) {
            assertThat(JsonbText.of(doc)).as(doc).isEqualTo(pgText(doc));
        }
    }

    static ColumnSchema computed(String type) {
        return ColumnSchema.newBuilder().setName("c").setTargetName("c").setDataType("etl").setTargetType(type).setExpression("row.x").build();
    }

    /** Writes the value as COPY/DML would (PgText), then reads the column's token back with VerifySql.pgToken. */
    static String pgToken(ColumnSchema c, Value v) throws Exception {
        try (Statement st = pg.createStatement()) {
            st.execute("DROP TABLE IF EXISTS t");
            st.execute("CREATE TABLE t (c " + c.getTargetType() + ")");
        }
        try (PreparedStatement ps = pg.prepareStatement("INSERT INTO t VALUES (?::" + c.getTargetType() + ")")) {
            ps.setString(1, PgText.format(v, c.getTargetType()));
            ps.executeUpdate();
        }
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery("SELECT " + VerifySql.pgToken(c) + " FROM t")) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void computedColumnsOfEveryComparedType() throws Exception {
        Object[][] cases = {
                {"text", Values.ofText("Grüße, 😀 'q' \"d\"")}, {"varchar(20)", Values.ofText("a b")}, {"text", Values.ofText("")},
                {"text", Values.NULL},
                {"smallint", Values.ofLong(-32768)}, {"integer", Values.ofLong(2147483647)}, {"bigint", Values.ofLong(Long.MIN_VALUE)},
                {"numeric", Values.ofDecimal(new BigDecimal("1.50"))}, {"numeric", Values.ofDecimal(new BigDecimal("-0"))},
                {"numeric(10,2)", Values.ofDecimal(new BigDecimal("2.345"))}, {"numeric(10,2)", Values.ofDecimal(new BigDecimal("-2.345"))},
                {"numeric(10,0)", Values.ofDecimal(new BigDecimal("7"))}, {"numeric", Values.ofDecimal(new BigDecimal("12345678901234567890.000000001"))},
                {"real", Values.ofFloat(0.1f)}, {"real", Values.ofFloat(-0.0f)}, {"real", Values.ofFloat(3.4028235e38f)},
                {"double precision", Values.ofDouble(0.1)}, {"double precision", Values.ofDouble(-1.7976931348623157e308)},
                {"double precision", Values.ofDouble(4.9e-324)},
                {"boolean", Values.ofLong(1)}, {"boolean", Values.ofLong(0)},
                {"bytea", Values.ofBytes(new byte[] {0, 1, (byte) 0xff, '\\'})},
                {"jsonb", Values.ofJson("{\"b\": 1.10, \"a\": [1e2]}")}, {"json", Values.ofJson("{\"b\": 1.10,  \"a\": [1e2]}")},
        };
        for (Object[] k : cases) {
            ColumnSchema c = computed((String) k[0]);
            Value v = (Value) k[1];
            assertThat(VerifySql.hashable(c)).as(c.getTargetType()).isTrue();
            assertThat(VerifySql.tokenInSql(c)).isFalse();
            assertThat(VerifyTokens.token(c, v)).as(k[0] + " " + v).isEqualTo(pgToken(c, v));
        }
    }

    @Test
    void sourceJsonColumnsAreJsonb() throws Exception {
        ColumnSchema c = ColumnSchema.newBuilder().setName("doc").setTargetName("c").setDataType("json").setTargetType("jsonb").build();
        assertThat(VerifySql.tokenInSql(c)).isFalse();
        Value v = Values.ofJson("{\"z\": 0.10, \"a\": \"x\", \"a\": \"y\"}");
        assertThat(VerifyTokens.token(c, v)).isEqualTo(pgToken(c, v));
    }

    @Test
    void computedColumnsOfOtherTypesAreNamedAsNotCompared() {
        for (String type : List.of("char(3)", "uuid", "inet", "bit(4)", "timestamp(6) without time zone", "timestamp(3) with time zone", "date", "interval")) {
            ColumnSchema c = computed(type);
            assertThat(VerifySql.hashable(c)).as(type).isFalse();
            assertThat(VerifySql.whyNotHashable(c)).contains(type);
        }
    }
}
