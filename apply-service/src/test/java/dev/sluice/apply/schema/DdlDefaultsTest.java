package dev.sluice.apply.schema;

import static dev.sluice.apply.schema.DdlFixtures.BOOLEANS;
import static dev.sluice.apply.schema.DdlFixtures.col;
import static dev.sluice.apply.schema.DdlFixtures.def;
import static dev.sluice.apply.schema.DdlFixtures.done;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.ColumnSchema;
import org.junit.jupiter.api.Test;

/** Each COLUMN_DEFAULT form MariaDB 10.11 prints (forms checked against a live server), per target type. */
class DdlDefaultsTest {

    private static DefaultTranslator.Result translate(ColumnSchema.Builder b, String columnDefault) {
        return DefaultTranslator.translate(done(def(b, columnDefault)));
    }

    private static String sql(ColumnSchema.Builder b, String columnDefault) {
        DefaultTranslator.Result r = translate(b, columnDefault);
        assertThat(r.dropped()).as("dropped reason").isNull();
        return r.sql();
    }

    private static String dropped(ColumnSchema.Builder b, String columnDefault) {
        DefaultTranslator.Result r = translate(b, columnDefault);
        assertThat(r.sql()).as("sql").isNull();
        return r.dropped();
    }

    @Test
    void noDefaultAndNullDefaultGiveNoDefault() {
        assertThat(DefaultTranslator.translate(done(col("a", "int", "int(11)")))).isEqualTo(DefaultTranslator.Result.NONE);
        assertThat(translate(col("a", "int", "int(11)"), "NULL")).isEqualTo(DefaultTranslator.Result.NONE);
        assertThat(translate(col("a", "varchar", "varchar(5)").setCharLength(5), "NULL")).isEqualTo(DefaultTranslator.Result.NONE);
    }

    @Test
    void numbersStayAsTheyAre() {
        assertThat(sql(col("a", "int", "int(11)"), "5")).isEqualTo("5");
        assertThat(sql(col("a", "int", "int(11)"), "-3")).isEqualTo("-3");
        assertThat(sql(col("a", "bigint", "bigint(20) unsigned"), "18446744073709551615")).isEqualTo("18446744073709551615");
        assertThat(sql(col("a", "decimal", "decimal(10,2)").setNumericPrecision(10).setNumericScale(2), "1.50")).isEqualTo("1.50");
        assertThat(sql(col("a", "float", "float"), "1e20")).isEqualTo("1e20");
        assertThat(sql(col("a", "double", "double"), "-0.0005")).isEqualTo("-0.0005");
        assertThat(sql(col("a", "year", "year(4)"), "2020")).isEqualTo("2020");
        // a quoted number on a numeric column (older servers print some that way)
        assertThat(sql(col("a", "int", "int(11)"), "'7'")).isEqualTo("7");
    }

    @Test
    void booleanTargetsTakeFalseAndTrue() {
        assertThat(DefaultTranslator.translate(done(def(col("a", "tinyint", "tinyint(1)"), "0"), BOOLEANS)).sql()).isEqualTo("false");
        assertThat(DefaultTranslator.translate(done(def(col("a", "tinyint", "tinyint(1)"), "1"), BOOLEANS)).sql()).isEqualTo("true");
        assertThat(DefaultTranslator.translate(done(def(col("a", "tinyint", "tinyint(1)"), "'1'"), BOOLEANS)).sql()).isEqualTo("true");
        // without the option it stays a smallint 1
        assertThat(sql(col("a", "tinyint", "tinyint(1)"), "1")).isEqualTo("1");
    }

    @Test
    void bitLiteralsAreRightAlignedLikeMariaDbNumbers() {
        assertThat(sql(col("a", "bit", "bit(8)").setNumericPrecision(8), "b'101'")).isEqualTo("B'00000101'");
        assertThat(sql(col("a", "bit", "bit(4)").setNumericPrecision(4), "b'0'")).isEqualTo("B'0000'");
        assertThat(sql(col("a", "bit", "bit(1)").setNumericPrecision(1), "b'1'")).isEqualTo("B'1'");
        assertThat(sql(col("a", "bit", "bit(3)").setNumericPrecision(3), "5")).isEqualTo("B'101'");
        assertThat(dropped(col("a", "bit", "bit(2)").setNumericPrecision(2), "b'111'")).contains("wider than bit(2)");
    }

    @Test
    void quotedLiteralsAreUnescapedAndCastToTheColumnType() {
        assertThat(sql(col("a", "varchar", "varchar(20)").setCharLength(20), "'it''s'")).isEqualTo("CAST('it''s' AS varchar(20))");
        assertThat(sql(col("a", "varchar", "varchar(20)").setCharLength(20), "''")).isEqualTo("CAST('' AS varchar(20))");
        assertThat(sql(col("a", "varchar", "varchar(20)").setCharLength(20), "'back\\\\slash'"))
                .isEqualTo("CAST(E'back\\\\slash' AS varchar(20))");
        assertThat(sql(col("a", "varchar", "varchar(20)").setCharLength(20), "'nl\\nx\ttab'"))
                .isEqualTo("CAST('nl\nx\ttab' AS varchar(20))");
        assertThat(sql(col("a", "varchar", "varchar(20)").setCharLength(20), "'dq\"x ünï名'"))
                .isEqualTo("CAST('dq\"x ünï名' AS varchar(20))");
        assertThat(sql(col("a", "text", "text"), "'texty'")).isEqualTo("CAST('texty' AS text)");
        assertThat(sql(col("a", "enum", "enum('a','b')").addEnumValues("a").addEnumValues("b"), "'a'")).isEqualTo("CAST('a' AS text)");
        assertThat(sql(col("a", "set", "set('x','y')"), "'x,y'")).isEqualTo("CAST('x,y' AS text)");
        assertThat(sql(col("a", "json", "longtext"), "'{\"a\": 1}'")).isEqualTo("CAST('{\"a\": 1}' AS jsonb)");
        assertThat(sql(col("a", "uuid", "uuid"), "'6ccd780c-baba-1026-9564-5b8c656024db'"))
                .isEqualTo("CAST('6ccd780c-baba-1026-9564-5b8c656024db' AS uuid)");
        assertThat(sql(col("a", "inet6", "inet6"), "'::1'")).isEqualTo("CAST('::1' AS inet)");
        assertThat(sql(col("a", "time", "time(3)").setDatetimePrecision(3), "'-838:59:59.000'")).isEqualTo("CAST('-838:59:59.000' AS interval)");
    }

    @Test
    void binaryLiteralsBecomeHexBytea() {
        assertThat(sql(col("a", "binary", "binary(4)").setCharLength(4), "'ab\\0\\0'")).isEqualTo("E'\\\\x61620000'::bytea");
        assertThat(sql(col("a", "blob", "blob"), "'x\\\\y'")).isEqualTo("E'\\\\x785c79'::bytea");
    }

    @Test
    void nulInTextIsDropped() {
        assertThat(dropped(col("a", "varchar", "varchar(4)").setCharLength(4), "'a\\0'")).contains("NUL");
    }

    @Test
    void datesAndTimestamps() {
        assertThat(sql(col("a", "date", "date"), "'2020-02-29'")).isEqualTo("CAST('2020-02-29' AS date)");
        assertThat(sql(col("a", "datetime", "datetime(6)").setDatetimePrecision(6), "'2020-01-02 03:04:05.123456'"))
                .isEqualTo("CAST('2020-01-02 03:04:05.123456' AS timestamp(6) without time zone)");
        // capture reads information_schema in UTC, where MariaDB prints TIMESTAMP defaults
        assertThat(sql(col("a", "timestamp", "timestamp"), "'2021-06-01 12:00:00'"))
                .isEqualTo("CAST('2021-06-01 12:00:00+00' AS timestamp(0) with time zone)");
    }

    @Test
    void zeroAndInvalidDatesAreDropped() {
        assertThat(dropped(col("a", "date", "date"), "'0000-00-00'")).contains("zero date");
        assertThat(dropped(col("a", "datetime", "datetime"), "'0000-00-00 00:00:00'")).contains("zero date");
        assertThat(dropped(col("a", "datetime", "datetime"), "'2020-00-10 00:00:00'")).contains("zero date");
        assertThat(dropped(col("a", "timestamp", "timestamp"), "'0000-00-00 00:00:00'")).contains("zero date");
        assertThat(dropped(col("a", "date", "date"), "'2021-02-30'")).contains("not a valid date");
        assertThat(dropped(col("a", "date", "date"), "'0000-01-01'")).contains("year 0");
    }

    @Test
    void currentTimeFunctions() {
        assertThat(sql(col("a", "timestamp", "timestamp"), "current_timestamp()")).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(sql(col("a", "timestamp", "timestamp(6)").setDatetimePrecision(6), "current_timestamp(6)")).isEqualTo("CURRENT_TIMESTAMP");
        assertThat(sql(col("a", "datetime", "datetime"), "current_timestamp()")).isEqualTo("LOCALTIMESTAMP");
        assertThat(sql(col("a", "datetime", "datetime(3)").setDatetimePrecision(3), "current_timestamp(3)")).isEqualTo("LOCALTIMESTAMP");
        assertThat(sql(col("a", "datetime", "datetime"), "now()")).isEqualTo("LOCALTIMESTAMP");
        assertThat(sql(col("a", "date", "date"), "curdate()")).isEqualTo("CURRENT_DATE");
        assertThat(sql(col("a", "datetime", "datetime"), "curdate()")).isEqualTo("CAST(CURRENT_DATE AS timestamp(0) without time zone)");
        assertThat(dropped(col("a", "varchar", "varchar(30)").setCharLength(30), "current_timestamp()")).contains("no PostgreSQL equivalent");
    }

    @Test
    void uuidFunction() {
        assertThat(sql(col("a", "uuid", "uuid"), "uuid()")).isEqualTo("gen_random_uuid()");
        assertThat(sql(col("a", "varchar", "varchar(36)").setCharLength(36), "uuid()")).isEqualTo("CAST(gen_random_uuid() AS varchar(36))");
        assertThat(dropped(col("a", "varchar", "varchar(20)").setCharLength(20), "uuid()")).contains("no PostgreSQL equivalent");
    }

    @Test
    void otherExpressionsAreDropped() {
        assertThat(dropped(col("a", "int", "int(11)"), "(1 + 2)")).contains("no PostgreSQL equivalent");
        assertThat(dropped(col("a", "varchar", "varchar(40)").setCharLength(40), "concat('a','b')")).contains("no PostgreSQL equivalent");
        assertThat(dropped(col("a", "double", "double"), "rand()")).contains("no PostgreSQL equivalent");
    }

    @Test
    void generatedAndAutoIncrementColumnsGetNoDefault() {
        assertThat(translate(col("a", "int", "int(11)").setGenerationExpression("`b` + 1"), "NULL")).isEqualTo(DefaultTranslator.Result.NONE);
        assertThat(translate(col("a", "int", "int(11)").setAutoIncrement(true), "5")).isEqualTo(DefaultTranslator.Result.NONE);
    }
}
