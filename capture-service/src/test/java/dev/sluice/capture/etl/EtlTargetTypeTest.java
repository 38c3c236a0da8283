package dev.sluice.capture.etl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.sluice.model.Values;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The PostgreSQL types computed columns can have, and the exact conversions into them. */
class EtlTargetTypeTest {

    @Test
    void everyTypeTheMappingProducesCanBeComputed() {
        for (String t : new String[] {"smallint", "integer", "bigint", "numeric(20,0)", "numeric(65,30)", "real", "double precision",
                "bit(1)", "bit(64)", "varchar(255)", "text", "bytea", "date", "timestamp(0) without time zone",
                "timestamp(6) with time zone", "interval", "jsonb", "uuid", "inet", "boolean"}) {
            assertThat(TargetType.parse(t)).as(t).isPresent();
            assertThat(TargetType.parse(t).get().sql()).as(t).isEqualTo(t);
        }
    }

    @Test
    void unknownTypesAreRefused() {
        for (String t : new String[] {"money", "varchar(0)", "numeric(5,6)", "timestamp(7)", "int[]", "text(3)", "point", "",
                "numeric(99999999999)", "bit(3) with time zone"}) {
            assertThat(TargetType.parse(t)).as(t).isEmpty();
        }
    }

    @Test
    void staticTypesAreCheckedStrictly() {
        TargetType bigint = type("bigint");
        assertThat(bigint.accepts(SimpleType.INT)).isTrue();
        assertThat(bigint.accepts(NullableType.create(SimpleType.INT))).isTrue();
        assertThat(bigint.accepts(SimpleType.DYN)).isTrue();
        assertThat(bigint.accepts(SimpleType.NULL_TYPE)).isTrue();
        assertThat(bigint.accepts(SimpleType.UINT)).isFalse();
        assertThat(bigint.accepts(SimpleType.DOUBLE)).isFalse();
        assertThat(bigint.accepts(SimpleType.STRING)).isFalse();
        assertThat(type("text").accepts(SimpleType.INT)).isFalse();
        assertThat(type("numeric").expected()).isEqualTo("int, uint, double or string");
        assertThat(type("double precision").accepts(SimpleType.INT)).isFalse();
    }

    @Test
    void resultsConvertExactly() {
        assertThat(type("numeric").toValue(UnsignedLong.MAX_VALUE)).isEqualTo(Values.ofDecimal(new BigDecimal("18446744073709551615")));
        assertThat(type("numeric").toValue(0.1)).isEqualTo(Values.ofDecimal(new BigDecimal("0.1")));
        assertThat(type("numeric").toValue(1e20)).isEqualTo(Values.ofDecimal(new BigDecimal("100000000000000000000")));
        assertThat(type("numeric").toValue("1.50E+2")).isEqualTo(Values.ofDecimal(new BigDecimal("150")));
        assertThat(type("numeric").toValue(-5L)).isEqualTo(Values.ofDecimal(new BigDecimal("-5")));
        assertThat(type("integer").toValue(2147483647L)).isEqualTo(Values.ofLong(2147483647L));
        assertThat(type("boolean").toValue(false)).isEqualTo(Values.ofLong(0));
        assertThat(type("bit(12)").toValue(CelByteString.of(new byte[] {0x0A, (byte) 0xBC})))
                .isEqualTo(Values.ofBits(new byte[] {0x0A, (byte) 0xBC}, 12));
        assertThat(type("timestamptz").toValue(Instant.parse("1969-12-31T23:59:59.999999999Z"))).isEqualTo(Values.ofTimestampMicros(-1));
        assertThat(type("timestamp").toValue(Instant.parse("2024-03-01T10:15:30Z")))
                .isEqualTo(Values.ofDatetime(java.time.LocalDateTime.parse("2024-03-01T10:15:30")));
        assertThat(type("date").toValue(Instant.parse("1969-12-31T23:00:00Z"))).isEqualTo(Values.ofDate(java.time.LocalDate.parse("1969-12-31")));
        assertThat(type("interval").toValue(Duration.ofMillis(-1500))).isEqualTo(Values.ofTimeMicros(-1_500_000));
        assertThat(type("uuid").toValue("0e37df36-f698-11e6-8dd4-cb9ced3df976")).isEqualTo(Values.ofText("0e37df36-f698-11e6-8dd4-cb9ced3df976"));
        assertThat(type("varchar(3)").toValue("😀😀😀")).isEqualTo(Values.ofText("😀😀😀")); // characters, not UTF-16 units
        assertThat(type("bigint").toValue(NullValue.NULL_VALUE)).isEqualTo(Values.NULL);
    }

    @Test
    void resultsThatDoNotFitAreRefused() {
        assertThatThrownBy(() -> type("numeric").toValue(Double.NaN)).hasMessage("the result NaN cannot be written to a numeric column");
        assertThatThrownBy(() -> type("integer").toValue(2147483648L)).hasMessage("the result 2147483648 is out of range for integer");
        assertThatThrownBy(() -> type("bit(12)").toValue(CelByteString.of(new byte[] {1})))
                .hasMessage("the result has 1 bytes; bit(12) takes 2");
        assertThatThrownBy(() -> type("real").toValue(1L))
                .hasMessage("the result 1 (int) cannot be written to a real column, which takes double");
    }

    private static TargetType type(String sql) {
        return TargetType.parse(sql).orElseThrow();
    }
}
