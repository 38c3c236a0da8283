package dev.sluice.capture.etl;

import static dev.sluice.capture.etl.EtlFixture.compiled;
import static dev.sluice.capture.etl.EtlFixture.expr;
import static dev.sluice.capture.etl.EtlFixture.orders;
import static dev.sluice.capture.etl.EtlFixture.row;
import static dev.sluice.capture.etl.EtlFixture.written;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.model.PgText;
import dev.sluice.model.Values;
import dev.sluice.v1.Etl;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableEtlTest {

    @Test
    void theIssueExample() {
        Etl etl = Etl.newBuilder()
                .setFilter("row.status != 'deleted' && double(row.amount) > 0.0")
                .putSet("email", expr("row.email.lowerAscii()"))
                .putSet("full_name", expr("row.first_name + ' ' + row.last_name"))
                .putSet("synced_from", expr("'shop-eu'"))
                .addDrop("internal_notes")
                .build();
        TableSchema planned = EtlPlanner.plan(orders(), etl);
        TableEtl t = TableEtl.compile(planned);

        assertThat(t.hasFilter()).isTrue();
        assertThat(t.matches(row())).isTrue();
        assertThat(t.matches(row(Map.of("status", Values.ofText("deleted"))))).isFalse();
        assertThat(t.matches(row(Map.of("amount", Values.ofDecimal(new BigDecimal("0.00")))))).isFalse();
        assertThat(t.matches(row(Map.of("amount", Values.ofDecimal(new BigDecimal("-3.10")))))).isFalse();
        // CEL: null != 'deleted' is true.
        assertThat(t.matches(row(Map.of("status", Values.NULL)))).isTrue();

        List<Value> source = row();
        List<Value> out = t.transform(source);
        assertThat(out).hasSize(planned.getColumnsCount());
        assertThat(written(planned, out, "email")).isEqualTo(Values.ofText("ann@example.com"));
        assertThat(written(planned, out, "full_name")).isEqualTo(Values.ofText("Ann Lee"));
        assertThat(written(planned, out, "synced_from")).isEqualTo(Values.ofText("shop-eu"));
        // Plain columns are the source values themselves.
        for (int i = 0; i < planned.getColumnsCount(); i++) {
            if (planned.getColumns(i).getExpression().isEmpty()) {
                assertThat(out.get(i)).isSameAs(source.get(EtlFixture.COLUMNS.indexOf(planned.getColumns(i).getName())));
            }
        }
    }

    @Test
    void aFilterThatIsNullDoesNotMatch() {
        TableEtl t = compiled(Etl.newBuilder().setFilter("row.active").build());
        assertThat(t.matches(row(Map.of("active", Values.ofLong(1))))).isTrue();
        assertThat(t.matches(row(Map.of("active", Values.ofLong(0))))).isFalse();
        assertThat(t.matches(row(Map.of("active", Values.NULL)))).isFalse();
        TableEtl dyn = compiled(Etl.newBuilder().setFilter("row.qty > 1 ? dyn(true) : dyn(null)").build());
        assertThat(dyn.matches(row())).isTrue();
        assertThat(dyn.matches(row(Map.of("qty", Values.ofLong(0))))).isFalse();
    }

    @Test
    void withoutFilterEveryRowMatches() {
        TableEtl t = compiled(Etl.newBuilder().addDrop("internal_notes").build());
        assertThat(t.hasFilter()).isFalse();
        assertThat(t.matches(row())).isTrue();
    }

    @Test
    void nullsCompareAndCanBeGuarded() {
        Map<String, Value> nulls = Map.of("email", Values.NULL, "qty", Values.NULL, "paid_at", Values.NULL,
                "created_at", Values.zeroDate("0000-00-00 00:00:00"));
        assertThat(compiled(Etl.newBuilder().setFilter("row.email == null && row.qty == null && row.paid_at == null"
                + " && row.created_at == null").build()).matches(row(nulls))).isTrue();
        assertThat(compiled(Etl.newBuilder().setFilter("row.email != null && row.qty != null && row.paid_at != null").build())
                .matches(row())).isTrue();

        TableSchema planned = EtlPlanner.plan(orders(), Etl.newBuilder()
                .putSet("email", expr("row.email == null ? row.email : row.email.lowerAscii()"))
                .putSet("e2", expr("row.email != null ? row.email.lowerAscii() : 'none'"))
                .putSet("q", expr("row.qty == null ? 0 : row.qty * 2", "bigint"))
                .putSet("n", expr("null", "bigint"))
                .build());
        TableEtl t = TableEtl.compile(planned);
        List<Value> out = t.transform(row(nulls));
        assertThat(written(planned, out, "email")).isEqualTo(Values.NULL);
        assertThat(written(planned, out, "e2")).isEqualTo(Values.ofText("none"));
        assertThat(written(planned, out, "q")).isEqualTo(Values.ofLong(0));
        assertThat(written(planned, out, "n")).isEqualTo(Values.NULL);
        assertThat(written(planned, t.transform(row()), "email")).isEqualTo(Values.ofText("ann@example.com"));
    }

    @Test
    void computedColumnsAreTyped() {
        TableSchema planned = EtlPlanner.plan(orders(), Etl.newBuilder()
                .putSet("qty2", expr("row.qty * 2", "bigint"))
                .putSet("total", expr("string(double(row.amount) * double(row.qty))", "numeric(12,2)"))
                .putSet("total_int", expr("row.qty * 100", "numeric"))
                .putSet("price_real", expr("row.price", "real"))
                .putSet("is_big", expr("double(row.amount) > 10.0", "boolean"))
                .putSet("bytes", expr("b'\\x00\\xff'", "bytea"))
                .putSet("paid_date", expr("row.paid_at", "date"))
                .putSet("later", expr("row.created_at + duration('36h')", "timestamp"))
                .putSet("gap", expr("row.paid_at - row.created_at", "interval"))
                .putSet("meta", expr("'{\"qty\": ' + string(row.qty) + '}'", "jsonb"))
                .putSet("small", expr("row.qty", "smallint"))
                .build());
        List<Value> out = TableEtl.compile(planned).transform(row());
        assertThat(written(planned, out, "qty2")).isEqualTo(Values.ofLong(6));
        assertThat(written(planned, out, "total")).isEqualTo(Values.ofDecimal(new BigDecimal("37.5")));
        assertThat(written(planned, out, "total_int")).isEqualTo(Values.ofDecimal(new BigDecimal("300")));
        assertThat(written(planned, out, "price_real")).isEqualTo(Values.ofFloat(9.99f));
        assertThat(PgText.format(written(planned, out, "is_big"), "boolean")).isEqualTo("true");
        assertThat(written(planned, out, "bytes")).isEqualTo(Values.ofBytes(new byte[] {0, (byte) 0xff}));
        assertThat(PgText.format(written(planned, out, "paid_date"), "date")).isEqualTo("2024-03-01");
        assertThat(PgText.format(written(planned, out, "later"), null)).isEqualTo("2024-03-02 22:15:30");
        assertThat(PgText.format(written(planned, out, "gap"), "interval")).isEqualTo("-1:15:29.876544");
        assertThat(written(planned, out, "meta")).isEqualTo(Values.ofJson("{\"qty\": 3}"));
        assertThat(written(planned, out, "small")).isEqualTo(Values.ofLong(3));
    }

    @Test
    void everySourceKindReachesCelAndComesBackUnchanged() {
        // Identity expressions replace each column: its value must survive the trip through CEL exactly.
        Etl.Builder etl = Etl.newBuilder();
        for (String c : EtlFixture.COLUMNS) {
            if (!c.equals("id")) {
                etl.putSet(c, expr("row.`" + c + "`"));
            }
        }
        TableSchema planned = EtlPlanner.plan(orders(), etl.build());
        List<Value> source = row();
        List<Value> out = TableEtl.compile(planned).transform(source);
        for (int i = 0; i < source.size(); i++) {
            String type = planned.getColumns(i).getTargetType();
            assertThat(PgText.format(out.get(i), type)).as(planned.getColumns(i).getName()).isEqualTo(PgText.format(source.get(i), type));
        }
    }

    @Test
    void celSeesTheDocumentedTypes() {
        TableEtl t = compiled(Etl.newBuilder().setFilter(String.join(" && ",
                "type(row.id) == int", "type(row.amount) == string", "type(row.big) == uint", "row.big == 18446744073709551615u",
                "type(row.price) == double", "row.ratio == 0.5", "type(row.active) == bool", "type(row.data) == bytes",
                "row.data == b'\\x01\\x02\\x03'", "row.flags == b'\\x0a\\xbc'", "type(row.born) == int", "row.born == 1990",
                "type(row.doc) == string", "row.created_at == timestamp('2024-03-01T10:15:30Z')",
                "row.paid_at == timestamp('2024-03-01T09:00:00.123456Z')", "row.birthday == timestamp('1990-05-17T00:00:00Z')",
                "row.duration == duration('-3600.0005s')", "row.`order note` == 'fragile'")).build());
        assertThat(t.matches(row())).isTrue();
    }

    @Test
    void timestampsCompare() {
        TableEtl t = compiled(Etl.newBuilder().setFilter("row.created_at >= timestamp('2024-01-01T00:00:00Z')"
                + " && row.paid_at < row.created_at && row.birthday.getFullYear() < 2000").build());
        assertThat(t.matches(row())).isTrue();
        assertThat(t.matches(row(Map.of("created_at", Values.ofDatetime(java.time.LocalDateTime.parse("2023-12-31T23:59:59")))))).isFalse();
    }

    @Test
    void stringAndMathLibrariesAreThere() {
        TableSchema planned = EtlPlanner.plan(orders(), Etl.newBuilder()
                .putSet("domain", expr("row.email.split('@')[1].lowerAscii()"))
                .putSet("up", expr("row.last_name.upperAscii().replace('E', '3')"))
                .putSet("b64", expr("base64.encode(row.data)"))
                .putSet("greatest", expr("math.greatest(row.qty, 10)", "integer"))
                .putSet("rx", expr("row.email.matches('^[A-Za-z]+@') ? 'ok' : 'no'"))
                .build());
        List<Value> out = TableEtl.compile(planned).transform(row());
        assertThat(written(planned, out, "domain")).isEqualTo(Values.ofText("example.com"));
        assertThat(written(planned, out, "up")).isEqualTo(Values.ofText("L33"));
        assertThat(written(planned, out, "b64")).isEqualTo(Values.ofText("AQID"));
        assertThat(written(planned, out, "greatest")).isEqualTo(Values.ofLong(10));
        assertThat(written(planned, out, "rx")).isEqualTo(Values.ofText("ok"));
    }

    @Test
    void runtimeErrorsNameTableKeyAndExpression() {
        TableEtl division = compiled(Etl.newBuilder().putSet("ratio2", expr("row.qty / (row.qty - 3)", "bigint")).build());
        assertThatThrownBy(() -> division.transform(row()))
                .isInstanceOf(EtlEvaluationException.class)
                .hasMessage("shop.orders key id=7: set ratio2 \"row.qty / (row.qty - 3)\": 1:9: / by zero");

        TableEtl overflow = compiled(Etl.newBuilder().setFilter("row.qty * 4611686018427387904 > 0").build());
        assertThatThrownBy(() -> overflow.matches(row()))
                .isInstanceOf(EtlEvaluationException.class)
                .hasMessage("shop.orders key id=7: filter \"row.qty * 4611686018427387904 > 0\": 1:9: long overflow");
    }

    @Test
    void aFunctionAppliedToNullFailsWithAHint() {
        TableEtl t = compiled(Etl.newBuilder().putSet("email", expr("row.email.lowerAscii()")).build());
        assertThatThrownBy(() -> t.transform(row(Map.of("email", Values.NULL))))
                .isInstanceOf(EtlEvaluationException.class)
                .hasMessageStartingWith("shop.orders key id=7: set email \"row.email.lowerAscii()\": 1:21: No matching overload")
                .hasMessageEndingWith("(row.email is NULL in this row; guard it, e.g. row.email == null ? dyn(null) : row.email.lowerAscii())");
        TableEtl filter = compiled(Etl.newBuilder().setFilter("double(row.amount) > 0.0").build());
        assertThatThrownBy(() -> filter.matches(row(Map.of("amount", Values.NULL))))
                .hasMessageEndingWith("(row.amount is NULL in this row; guard it, e.g. row.amount != null && (double(row.amount) > 0.0))");
        // The suggested guards compile and work.
        TableSchema guarded = EtlPlanner.plan(orders(), Etl.newBuilder().setFilter("row.amount != null && (double(row.amount) > 0.0)")
                .putSet("email", expr("row.email == null ? dyn(null) : row.email.lowerAscii()")).build());
        TableEtl g = TableEtl.compile(guarded);
        List<Value> nullRow = row(Map.of("email", Values.NULL, "amount", Values.NULL));
        assertThat(g.matches(nullRow)).isFalse();
        assertThat(written(guarded, g.transform(nullRow), "email")).isEqualTo(Values.NULL);
        assertThat(written(guarded, g.transform(row()), "email")).isEqualTo(Values.ofText("ann@example.com"));
    }

    @Test
    void resultsThatDoNotFitFailTheRow() {
        TableEtl small = compiled(Etl.newBuilder().putSet("s", expr("row.qty * 100000", "smallint")).build());
        assertThatThrownBy(() -> small.transform(row()))
                .hasMessage("shop.orders key id=7: set s \"row.qty * 100000\": the result 300000 is out of range for smallint");
        TableEtl numeric = compiled(Etl.newBuilder().putSet("n", expr("row.email", "numeric")).build());
        assertThatThrownBy(() -> numeric.transform(row()))
                .hasMessage("shop.orders key id=7: set n \"row.email\": the result 'Ann@Example.COM' is not a decimal number for numeric");
        TableEtl tooLong = compiled(Etl.newBuilder().putSet("v", expr("row.email + row.email", "varchar(20)")).build());
        assertThatThrownBy(() -> tooLong.transform(row()))
                .hasMessage("shop.orders key id=7: set v \"row.email + row.email\": the result has 30 characters, more than varchar(20) holds");
        TableEtl dyn = compiled(Etl.newBuilder().putSet("d", expr("row.qty > 1 ? dyn(row.qty) : dyn('x')")).build());
        assertThatThrownBy(() -> dyn.transform(row()))
                .hasMessage("shop.orders key id=7: set d \"row.qty > 1 ? dyn(row.qty) : dyn('x')\": the result 3 (int) cannot be"
                        + " written to a text column, which takes string");
    }

    @Test
    void compositeAndMissingKeysAreNamed() {
        TableSchema composite = orders().toBuilder().clearKeyColumns().addKeyColumns("id").addKeyColumns("email").build();
        TableEtl t = TableEtl.compile(EtlPlanner.plan(composite, Etl.newBuilder().setFilter("row.qty / 0 > 1").build()));
        assertThatThrownBy(() -> t.matches(row())).hasMessageStartingWith("shop.orders key (id=7, email='Ann@Example.COM'): filter");
        TableSchema keyless = orders().toBuilder().clearKeyColumns().build();
        TableEtl k = TableEtl.compile(EtlPlanner.plan(keyless, Etl.newBuilder().setFilter("row.qty / 0 > 1").build()));
        assertThatThrownBy(() -> k.matches(row())).hasMessageStartingWith("shop.orders (no key): filter");
    }

    @Test
    void oneCompiledEtlServesSeveralThreads() {
        TableSchema planned = EtlPlanner.plan(orders(), Etl.newBuilder().setFilter("row.qty % 3 != 0")
                .putSet("label", expr("row.email.lowerAscii() + '#' + string(row.qty)")).build());
        TableEtl t = TableEtl.compile(planned);
        List<List<Value>> rows = java.util.stream.IntStream.range(0, 20_000)
                .mapToObj(i -> row(Map.of("id", Values.ofLong(i), "qty", Values.ofLong(i)))).toList();
        List<String> sequential = rows.stream().filter(t::matches).map(r -> written(planned, t.transform(r), "label").getTextValue()).toList();
        List<String> parallel = rows.parallelStream().filter(t::matches).map(r -> written(planned, t.transform(r), "label").getTextValue()).toList();
        assertThat(parallel).hasSize(13_333).isEqualTo(sequential);
    }

    @Test
    void aRowOfTheWrongWidthIsAProgrammingError() {
        TableEtl t = compiled(Etl.newBuilder().setFilter("row.qty > 1").build());
        assertThatThrownBy(() -> t.matches(List.of(Values.ofLong(1)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("shop.orders: a row of 1 values for 21 source columns");
    }
}
