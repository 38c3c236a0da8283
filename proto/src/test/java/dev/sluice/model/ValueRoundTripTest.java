package dev.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class ValueRoundTripTest {

    static final BigInteger UNSIGNED_MAX = new BigInteger("18446744073709551615");
    static final String DECIMAL_65_30 = "99999999999999999999999999999999999.999999999999999999999999999999";
    static final long TIME_MAX = ((838L * 3600 + 59 * 60 + 59) * 1_000_000) + 999_999;

    /** Every kind, with its extremes, survives the wire unchanged. */
    @Test
    void everyKindSurvivesSerialization() throws Exception {
        List<Value> values = List.of(
                Values.NULL,
                Values.ofLong(Long.MIN_VALUE), Values.ofLong(Long.MAX_VALUE), Values.ofLong(0),
                Values.ofUnsigned(UNSIGNED_MAX), Values.ofUnsigned(BigInteger.ZERO),
                Values.ofDecimal(new BigDecimal(DECIMAL_65_30)), Values.ofDecimal(new BigDecimal("-" + DECIMAL_65_30)),
                Values.ofFloat(Float.MAX_VALUE), Values.ofFloat(-Float.MIN_VALUE), Values.ofFloat(16777216f),
                Values.ofDouble(Double.MAX_VALUE), Values.ofDouble(-Double.MIN_VALUE),
                Values.ofBytes(new byte[] {0, (byte) 0xff, 0x7f}), Values.ofBytes(new byte[1 << 20]),
                Values.ofText("naïve 名前 😀 'quote' \"dq\" \\ tab\t"), Values.ofText(""),
                Values.ofDate(LocalDate.of(1000, 1, 1)), Values.ofDate(LocalDate.of(9999, 12, 31)), Values.ofDate(LocalDate.of(0, 1, 1)),
                Values.ofDatetime(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)),
                Values.ofDatetime(LocalDateTime.of(1000, 1, 1, 0, 0, 0)),
                Values.ofTimestamp(Instant.parse("1970-01-01T00:00:01Z")), Values.ofTimestamp(Instant.parse("2038-01-19T03:14:07.999999Z")),
                Values.ofTimeMicros(TIME_MAX), Values.ofTimeMicros(-TIME_MAX), Values.ofTimeMicros(0),
                Values.ofYear(1901), Values.ofYear(2155), Values.ofYear(0),
                Values.ofBits(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff}, 64),
                Values.ofBits(new byte[] {0x01}, 1),
                Values.ofJson("{\"a\": [1, 2.5, null, \"😀\"]}"),
                Values.zeroDate("0000-00-00 00:00:00"));
        KeyTuple tuple = KeyTuple.newBuilder().addAllValues(values).build();

        KeyTuple back = KeyTuple.parseFrom(tuple.toByteArray());

        assertThat(back).isEqualTo(tuple);
        assertThat(back.getValuesList()).extracting(Value::getKindCase).containsAll(
                List.of(Value.KindCase.values()).subList(0, Value.KindCase.values().length - 1));
        assertThat(Values.unsignedToBigInteger(back.getValues(4).getUintValue())).isEqualTo(UNSIGNED_MAX);
        assertThat(new BigDecimal(back.getValues(6).getDecimalValue())).isEqualByComparingTo(DECIMAL_65_30);
    }

    @Test
    void postgresTextFormOfExtremes() {
        assertThat(PgText.format(Values.ofUnsigned(UNSIGNED_MAX), "numeric(20,0)")).isEqualTo("18446744073709551615");
        assertThat(PgText.format(Values.ofDecimal(new BigDecimal(DECIMAL_65_30)), "numeric(65,30)")).isEqualTo(DECIMAL_65_30);
        assertThat(PgText.format(Values.ofTimeMicros(-TIME_MAX), "interval")).isEqualTo("-838:59:59.999999");
        assertThat(PgText.format(Values.ofTimeMicros(TIME_MAX), "interval")).isEqualTo("838:59:59.999999");
        assertThat(PgText.format(Values.ofTimeMicros(-1), "interval")).isEqualTo("-0:00:00.000001");
        assertThat(PgText.format(Values.ofDatetime(LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)), "timestamp"))
                .isEqualTo("9999-12-31 23:59:59.999999");
        assertThat(PgText.format(Values.ofTimestamp(Instant.parse("2038-01-19T03:14:07.5Z")), "timestamptz"))
                .isEqualTo("2038-01-19 03:14:07.500000+00");
        assertThat(PgText.format(Values.ofDate(LocalDate.of(0, 1, 1)), "date")).isEqualTo("0001-01-01 BC");
        assertThat(PgText.format(Values.ofBits(new byte[] {0x05}, 3), "bit(3)")).isEqualTo("101");
        assertThat(PgText.format(Values.ofBits(new byte[] {0x01, 0x00}, 9), "bit(9)")).isEqualTo("100000000");
        assertThat(PgText.format(Values.ofBytes(new byte[] {0, (byte) 0xab}), "bytea")).isEqualTo("\\x00ab");
        assertThat(PgText.format(Values.ofFloat(16777216f), "real")).isEqualTo("1.6777216E7");
        assertThat(PgText.format(Values.zeroDate("0000-00-00"), "date")).isNull();
        assertThat(PgText.format(Values.NULL, "text")).isNull();
        assertThat(PgText.format(Values.ofLong(1), "boolean")).isEqualTo("true");
    }

    @Test
    void valuesPostgresCannotHoldAreRefusedNotChanged() {
        assertThatThrownBy(() -> PgText.format(Values.ofText("a\0b"), "text"))
                .isInstanceOf(UnstorableValueException.class).hasMessageContaining("NUL");
        assertThatThrownBy(() -> PgText.format(Values.ofJson("{\"a\":\"\\u0000\"}"), "jsonb"))
                .isInstanceOf(UnstorableValueException.class);
        assertThatThrownBy(() -> PgText.format(Values.ofLong(2), "boolean"))
                .isInstanceOf(UnstorableValueException.class).hasMessageContaining("tinyint1AsBoolean");
    }

    @Test
    void identifiersAreAlwaysQuoted() {
        assertThat(SqlIdentifiers.pg("col\"quote")).isEqualTo("\"col\"\"quote\"");
        assertThat(SqlIdentifiers.pg("my schema", "Order")).isEqualTo("\"my schema\".\"Order\"");
        assertThat(SqlIdentifiers.maria("a`b")).isEqualTo("`a``b`");
        assertThat(SqlIdentifiers.maria("naïve_名前")).isEqualTo("`naïve_名前`");
    }
}
