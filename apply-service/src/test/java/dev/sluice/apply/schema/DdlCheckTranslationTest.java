package dev.sluice.apply.schema;

import static dev.sluice.apply.schema.DdlFixtures.col;
import static dev.sluice.apply.schema.DdlFixtures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.ColumnSchema;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** CHECK_CLAUSE texts as MariaDB 10.11 prints them (taken from a live server), translated or refused. */
class DdlCheckTranslationTest {

    private static final Map<String, ColumnSchema> COLUMNS = new LinkedHashMap<>();

    static {
        for (ColumnSchema c : List.of(
                done(col("i1", "int", "int(11)")),
                done(col("i3", "int", "int(11)")),
                done(col("price", "decimal", "decimal(10,2)").setNumericPrecision(10).setNumericScale(2)),
                done(col("s6", "varchar", "varchar(20)").setCharLength(20)).toBuilder().setTargetName("S six").build(),
                done(col("e1", "enum", "enum('a','b')")),
                done(col("dt5", "datetime", "datetime(6)").setDatetimePrecision(6)),
                done(col("ts", "timestamp", "timestamp")),
                done(col("j", "json", "longtext")),
                done(col("odd`name", "int", "int(11)")))) {
            COLUMNS.put(c.getName(), c);
        }
    }

    private static String sql(String clause) {
        CheckTranslator.Result r = CheckTranslator.translate(clause, COLUMNS);
        assertThat(r.refused()).as("refused").isNull();
        return r.sql();
    }

    private static String refused(String clause) {
        CheckTranslator.Result r = CheckTranslator.translate(clause, COLUMNS);
        assertThat(r.sql()).as("sql").isNull();
        return r.refused();
    }

    @Test
    void translatesComparisonsFullyParenthesized() {
        assertThat(sql("`i1` > 0 and `i3` between -10 and 10")).isEqualTo("((\"i1\" > 0) AND (\"i3\" BETWEEN (- 10) AND 10))");
        assertThat(sql("`i1` <> 3 or `i1` is null")).isEqualTo("((\"i1\" <> 3) OR (\"i1\" IS NULL))");
        assertThat(sql("`i1` in (1,2) or `i3` <> 3")).isEqualTo("((\"i1\" IN (1, 2)) OR (\"i3\" <> 3))");
        assertThat(sql("`i3` not between 1 and 3")).isEqualTo("(\"i3\" NOT BETWEEN 1 AND 3)");
        assertThat(sql("`i3` not in (1)")).isEqualTo("(\"i3\" NOT IN (1))");
        assertThat(sql("not (`i1` > `i3`)")).isEqualTo("(NOT ((\"i1\" > \"i3\")))");
        assertThat(sql("`i1` is not null")).isEqualTo("(\"i1\" IS NOT NULL)");
        assertThat(sql("`price` * 2 >= abs(`i1` - 1.5)")).isEqualTo("((\"price\" * 2) >= abs((\"i1\" - 1.5)))");
        assertThat(sql("`i1` != 4")).isEqualTo("(\"i1\" <> 4)");
        assertThat(sql("`odd``name` = 1")).isEqualTo("(\"odd`name\" = 1)");
    }

    @Test
    void datesCompareWithLiterals() {
        assertThat(sql("`dt5` > '2000-01-01'")).isEqualTo("(\"dt5\" > '2000-01-01')");
    }

    @Test
    void charLengthOfACharacterColumnUsesItsTargetName() {
        assertThat(sql("char_length(`s6`) > 2")).isEqualTo("(char_length(\"S six\") > 2)");
    }

    @Test
    void refusesWhatMeansSomethingElseInPostgres() {
        assertThat(refused("`s6` like 'a%'")).contains("column s6 is varchar(20)");
        assertThat(refused("`e1` in ('a','b')")).contains("column e1 is text");
        assertThat(refused("`i1` / `i3` > 1")).contains("division");
        assertThat(refused("`i1` DIV 2 = 1")).contains("div");
        assertThat(refused("`i1` <=> `i3`")).contains("<=>");
        assertThat(refused("`ts` > '2020-01-01'")).contains("column ts is timestamp(0) with time zone");
        assertThat(refused("`i1` regexp 'x'")).contains("regexp");
        assertThat(refused("`i1`")).contains("value as a condition");
        assertThat(refused("`i1` is true")).contains("expected 'null'");
        assertThat(refused("lower(`s6`) = 'x'")).contains("function lower()");
        assertThat(refused("`gone` > 1")).contains("column gone is not selected");
    }

    @Test
    void jsonValidOfAJsonbColumnIsSilentlyRedundant() {
        CheckTranslator.Result r = CheckTranslator.translate("json_valid(`j`)", COLUMNS);
        assertThat(r.sql()).isNull();
        assertThat(r.refused()).isNull();
        assertThat(refused("json_valid(`s6`)")).contains("json_valid");
    }
}
