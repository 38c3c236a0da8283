package dev.sluice.capture.etl;

import static dev.sluice.capture.etl.EtlFixture.expr;
import static dev.sluice.capture.etl.EtlFixture.orders;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Etl;
import dev.sluice.v1.TableSchema;
import org.junit.jupiter.api.Test;

class EtlPlannerTest {

    private static final Etl ISSUE_EXAMPLE = Etl.newBuilder()
            .setFilter("row.status != 'deleted' && double(row.amount) > 0.0")
            .putSet("email", expr("row.email.lowerAscii()"))
            .putSet("full_name", expr("row.first_name + ' ' + row.last_name"))
            .putSet("synced_from", expr("'shop-eu'"))
            .putSet("qty2", expr("row.qty * 2", "bigint"))
            .addDrop("internal_notes")
            .build();

    @Test
    void withoutEtlTheTableIsUnchanged() {
        assertThat(EtlPlanner.plan(orders(), Etl.getDefaultInstance())).isEqualTo(orders());
        assertThat(EtlPlanner.plan(orders(), null)).isEqualTo(orders());
    }

    @Test
    void dropsReplacesInPlaceAndAppendsInNameOrder() {
        TableSchema planned = EtlPlanner.plan(orders(), ISSUE_EXAMPLE);

        assertThat(planned.getSourceColumnsList()).isEqualTo(orders().getColumnsList());
        assertThat(planned.getEtl()).isEqualTo(ISSUE_EXAMPLE);
        assertThat(planned.getKeyColumnsList()).containsExactly("id");
        assertThat(planned.getColumnsList()).extracting(ColumnSchema::getTargetName).containsExactly(
                "id", "status", "amount", "email", "first_name", "last_name", "qty", "created_at", "paid_at", "birthday",
                "price", "active", "big", "data", "duration", "born", "doc", "flags", "ratio", "order note",
                "full_name", "qty2", "synced_from");

        ColumnSchema email = planned.getColumns(3);
        assertThat(email.getName()).isEqualTo("email");
        assertThat(email.getOrdinal()).isEqualTo(4);
        assertThat(email.getTargetType()).isEqualTo("varchar(255)");
        assertThat(email.getExpression()).isEqualTo("row.email.lowerAscii()");
        assertThat(email.getTargetNullable()).isTrue();

        ColumnSchema qty2 = planned.getColumns(21);
        assertThat(qty2.getName()).isEqualTo("qty2");
        assertThat(qty2.getOrdinal()).isZero();
        assertThat(qty2.getDataType()).isEqualTo("etl");
        assertThat(qty2.getTargetType()).isEqualTo("bigint");
        assertThat(qty2.getTargetNullable()).isTrue();
        assertThat(qty2.getExpression()).isEqualTo("row.qty * 2");
        assertThat(planned.getColumns(20).getTargetType()).isEqualTo("text"); // the default type

        assertThat(planned.getColumnsList()).filteredOn(c -> c.getExpression().isEmpty())
                .allSatisfy(c -> assertThat(orders().getColumnsList()).contains(c));
    }

    @Test
    void planningAPlannedTableAgainGivesTheSamePlan() {
        TableSchema once = EtlPlanner.plan(orders(), ISSUE_EXAMPLE);
        assertThat(EtlPlanner.plan(once, ISSUE_EXAMPLE)).isEqualTo(once);
    }

    @Test
    void setUsesTargetNamesSoARenamedColumnIsReplacedUnderItsNewName() {
        TableSchema renamed = renameEmail();
        TableSchema planned = EtlPlanner.plan(renamed, Etl.newBuilder().putSet("email_address", expr("row.email.lowerAscii()")).build());
        assertThat(planned.getColumns(3).getName()).isEqualTo("email");
        assertThat(planned.getColumns(3).getExpression()).isEqualTo("row.email.lowerAscii()");
        assertThat(planned.getColumnsCount()).isEqualTo(orders().getColumnsCount());
    }

    @Test
    void declaredTypesAreCanonical() {
        TableSchema planned = EtlPlanner.plan(orders(), Etl.newBuilder()
                .putSet("a", expr("row.qty", "INT"))
                .putSet("b", expr("row.amount", "Decimal(12, 3)"))
                .putSet("c", expr("row.paid_at", "timestamptz"))
                .putSet("d", expr("row.created_at", "timestamp(3)"))
                .putSet("e", expr("row.email", "character varying(300)"))
                .putSet("f", expr("row.price", "float8"))
                .putSet("g", expr("row.active", "bool"))
                .build());
        assertThat(planned.getColumnsList().subList(orders().getColumnsCount(), planned.getColumnsCount()))
                .extracting(ColumnSchema::getTargetType)
                .containsExactly("integer", "numeric(12,3)", "timestamp(6) with time zone", "timestamp(3) without time zone",
                        "varchar(300)", "double precision", "boolean");
    }

    @Test
    void anUnknownColumnIsAnErrorWithItsPosition() {
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().setFilter("row.qty > 1 && row.nope == 'x'").build()))
                .isInstanceOf(EtlException.class)
                .hasMessageStartingWith("shop.orders: filter \"row.qty > 1 && row.nope == 'x'\": 1:19: undefined field 'nope'")
                .hasMessageContaining("row has: id, status, amount");
    }

    @Test
    void aSyntaxErrorIsAnErrorWithItsPosition() {
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().putSet("x", expr("row.qty +\n  * 2", "bigint")).build()))
                .isInstanceOf(EtlException.class)
                .hasMessageStartingWith("shop.orders: set x \"row.qty +\n  * 2\": 2:3: ");
    }

    @Test
    void aTypeErrorInsideTheExpressionIsAnErrorWithAHintForDecimals() {
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().setFilter("row.amount > 0").build()))
                .hasMessageStartingWith("shop.orders: filter \"row.amount > 0\": 1:12: found no matching overload for '_>_'")
                .hasMessageContaining("DECIMAL column amount is an exact string in CEL: compare it as a number with double(row.amount) > 0.0");
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().setFilter("row.qty > 'x'").build()))
                .hasMessageStartingWith("shop.orders: filter \"row.qty > 'x'\": 1:9: found no matching overload for '_>_'");
    }

    @Test
    void aResultOfTheWrongTypeIsAnError() {
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().putSet("n", expr("row.email", "bigint")).build()))
                .hasMessage("shop.orders: set n \"row.email\": 1:1: the expression is string, but column n is bigint, which takes int"
                        + " (convert it, e.g. int(...) or double(...))");
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().putSet("n", expr("row.qty * 2")).build()))
                .hasMessage("shop.orders: set n \"row.qty * 2\": 1:1: the expression is int, but column n is text, which takes string"
                        + " (convert it with string(...))");
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().setFilter("row.qty").build()))
                .hasMessage("shop.orders: filter \"row.qty\": 1:1: the filter is int, not bool");
        // A replaced column keeps its type: email is varchar(255).
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().putSet("email", expr("size(row.email)")).build()))
                .hasMessageContaining("column email is varchar(255), which takes string");
    }

    @Test
    void keyColumnsCannotBeDroppedOrComputed() {
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().addDrop("id").build()))
                .hasMessage("shop.orders: drop id: it is part of the row key [id], which every written row needs");
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().putSet("id", expr("row.id + 1")).build()))
                .hasMessage("shop.orders: set id: column id is part of the row key [id], which cannot be computed (changes are matched on it)");
    }

    @Test
    void everyProblemIsReportedOnItsOwnLine() {
        EtlException e = catchThrowableOfType(EtlException.class, () -> EtlPlanner.plan(orders(), Etl.newBuilder()
                .setFilter("row.nope")
                .addDrop("missing")
                .addDrop("internal_notes")
                .putSet("internal_notes", expr("'x'"))
                .putSet("n", expr("1", "money"))
                .putSet("email", expr("row.email", "text"))
                .putSet("", expr("1"))
                .putSet("blank", expr(" "))
                .build()));
        assertThat(e.problems()).containsExactly(
                "shop.orders: drop missing: no such column (or it is not selected)",
                "shop.orders: filter \"row.nope\": 1:4: undefined field 'nope' (shop.orders has no such column; row has: "
                        + String.join(", ", EtlFixture.COLUMNS) + ")",
                "shop.orders: set : not a usable column name",
                "shop.orders: set blank: the expression is empty",
                "shop.orders: set email: replaces column email of type varchar(255), and a replaced column keeps its type;"
                        + " remove type text or write a new column under another name",
                "shop.orders: set internal_notes: column internal_notes is dropped and written as internal_notes at once;"
                        + " remove it from drop to replace it",
                "shop.orders: set n: unknown or unsupported type money (computed columns can be text, varchar(n), char(n), uuid,"
                        + " inet, json, jsonb, smallint, integer, bigint, numeric(p,s), real, double precision, boolean, bytea, bit(n),"
                        + " timestamp(p), timestamp(p) with time zone, date, interval)");
        assertThat(e.getMessage()).isEqualTo(String.join("\n", e.problems()));
    }

    @Test
    void aSetNamedLikeARenamedSourceColumnIsRefusedAsAmbiguous() {
        assertThatThrownBy(() -> EtlPlanner.plan(renameEmail(), Etl.newBuilder().putSet("email", expr("'x'")).build()))
                .hasMessage("shop.orders: set email: column email is written as email_address (renameColumns);"
                        + " set email_address to replace it, or choose another name");
    }

    @Test
    void droppingEveryColumnOfAKeylessTableIsRefused() {
        TableSchema keyless = TableSchema.newBuilder().setDatabase("shop").setName("log")
                .addColumns(EtlFixture.col("line", "text", "text", "text", true)).build();
        assertThatThrownBy(() -> EtlPlanner.plan(keyless, Etl.newBuilder().addDrop("line").build()))
                .hasMessage("shop.log: drop: every column is dropped, nothing would be written");
    }

    @Test
    void aNameLongerThanPostgresAllowsIsRefused() {
        String name = "x".repeat(64);
        assertThatThrownBy(() -> EtlPlanner.plan(orders(), Etl.newBuilder().putSet(name, expr("'x'")).build()))
                .hasMessage("shop.orders: set " + name + ": the name is longer than PostgreSQL's 63 bytes");
    }

    @Test
    void droppedColumnsCanStillBeRead() {
        TableSchema planned = EtlPlanner.plan(orders(), Etl.newBuilder().addDrop("internal_notes")
                .putSet("has_notes", expr("row.internal_notes != null", "boolean")).build());
        assertThat(planned.getColumnsList()).extracting(ColumnSchema::getName).doesNotContain("internal_notes").contains("has_notes");
    }

    private static TableSchema renameEmail() {
        TableSchema.Builder b = orders().toBuilder();
        b.setColumns(3, b.getColumns(3).toBuilder().setTargetName("email_address"));
        return b.build();
    }
}
