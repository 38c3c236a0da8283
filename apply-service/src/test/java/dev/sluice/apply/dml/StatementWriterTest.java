package dev.sluice.apply.dml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.Values;
import dev.sluice.v1.Bits;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import com.google.protobuf.ByteString;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Upserts as unnested text arrays: values arrive as with literals, lengths are enforced, never cut. */
class StatementWriterTest {

    static final String DB = "sluice_test_statement_writer";
    Connection pg;

    static ColumnSchema col(String name, String targetType) {
        return ColumnSchema.newBuilder().setName(name).setTargetName(name).setDataType("x").setTargetType(targetType).build();
    }

    static final TableSchema T = TableSchema.newBuilder().setDatabase("src").setName("t").setTargetSchema("w").setTargetName("t")
            .addColumns(col("id", "integer")).addColumns(col("v", "varchar(3)")).addColumns(col("c", "char(2)")).addColumns(col("b", "bit(4)"))
            .addColumns(col("n", "numeric(5,2)")).addColumns(col("ts", "timestamp(3) without time zone")).addKeyColumns("id").build();

    @BeforeEach
    void table() throws Exception {
        pg = DmlDatabase.fresh(DB, "CREATE SCHEMA w",
                "CREATE TABLE w.t (id integer PRIMARY KEY, v varchar(3), c char(2), b bit(4), n numeric(5,2), ts timestamp(3))");
    }

    @AfterEach
    void close() throws Exception {
        pg.close();
    }

    static List<Value> row(long id, String v) {
        return List.of(Values.ofLong(id), v == null ? Values.NULL : Values.ofText(v), Values.ofText("x"),
                Value.newBuilder().setBitsValue(Bits.newBuilder().setValue(ByteString.copyFrom(new byte[] {0b0101})).setLength(4)).build(),
                Values.ofDecimal(new BigDecimal("1.005")), Values.ofDatetimeMicros(1_000_000_123_456L));
    }

    @Test
    void valuesArriveAsLiteralsWouldAndUpsertsReplace() throws Exception {
        StatementWriter w = new StatementWriter(pg);
        w.upsert(T, List.of(row(1, "a,b"), row(2, null), row(3, "{\"}")));
        w.upsert(T, List.of(row(1, "new")));
        try (Statement st = pg.createStatement();
             ResultSet rs = st.executeQuery("SELECT id, v, c, b::text, n::text, ts::text FROM w.t ORDER BY id")) {
            List<String> rows = new ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getInt(1) + "|" + rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getString(4) + "|" + rs.getString(5) + "|" + rs.getString(6));
            }
            assertThat(rows).containsExactly("1|new|x |0101|1.01|1970-01-12 13:46:40.123", "2|null|x |0101|1.01|1970-01-12 13:46:40.123",
                    "3|{\"}|x |0101|1.01|1970-01-12 13:46:40.123");
        }
    }

    @Test
    void aValueTooLongFailsInsteadOfBeingCut() {
        StatementWriter w = new StatementWriter(pg);
        assertThatThrownBy(() -> w.upsert(T, List.of(row(1, "abcd")))).isInstanceOf(SQLException.class).hasMessageContaining("too long");
    }

    @Test
    void moreRowsThanOneStatementHolds() throws Exception {
        StatementWriter w = new StatementWriter(pg);
        List<List<Value>> rows = new ArrayList<>();
        for (int i = 0; i < 12_345; i++) {
            rows.add(row(i, "r"));
        }
        w.upsert(T, rows);
        try (Statement st = pg.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*), sum(id) FROM w.t")) {
            rs.next();
            assertThat(rs.getLong(1)).isEqualTo(12_345);
            assertThat(rs.getLong(2)).isEqualTo(12_344L * 12_345 / 2);
        }
    }

    @Test
    void arraysAreCastToTheBaseTypeSoTheColumnEnforcesItsLength() {
        assertThat(StatementWriter.arrayElementType("varchar(10)")).isEqualTo("text");
        assertThat(StatementWriter.arrayElementType("char(1)")).isEqualTo("text");
        assertThat(StatementWriter.arrayElementType("bit(10)")).isEqualTo("varbit");
        assertThat(StatementWriter.arrayElementType("numeric(65,30)")).isEqualTo("numeric");
        assertThat(StatementWriter.arrayElementType("timestamp(6) with time zone")).isEqualTo("timestamp with time zone");
        assertThat(StatementWriter.arrayElementType("double precision")).isEqualTo("double precision");
        assertThat(StatementWriter.arrayElementType("jsonb")).isEqualTo("jsonb");
    }
}
