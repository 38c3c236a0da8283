package dev.sluice.model;

import com.google.protobuf.ByteString;
import com.google.protobuf.NullValue;
import dev.sluice.v1.Bits;
import dev.sluice.v1.Value;
import dev.sluice.v1.ZeroDate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Builds and reads {@link Value}s; the one place that knows their units (days, micros). */
public final class Values {

    public static final Value NULL = Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build();
    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final BigInteger UNSIGNED_LONG_MASK = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private Values() {
    }

    public static Value ofLong(long v) {
        return Value.newBuilder().setIntValue(v).build();
    }

    /** BIGINT UNSIGNED: the 64 bits as the binlog and the protocol carry them. */
    public static Value ofUnsigned(long bits) {
        return Value.newBuilder().setUintValue(bits).build();
    }

    public static Value ofUnsigned(BigInteger v) {
        if (v.signum() < 0 || v.bitLength() > 64) {
            throw new IllegalArgumentException("not a BIGINT UNSIGNED value: " + v);
        }
        return ofUnsigned(v.longValue());
    }

    public static Value ofDecimal(BigDecimal v) {
        return Value.newBuilder().setDecimalValue(v.toPlainString()).build();
    }

    public static Value ofFloat(float v) {
        return Value.newBuilder().setFloatValue(v).build();
    }

    public static Value ofDouble(double v) {
        return Value.newBuilder().setDoubleValue(v).build();
    }

    public static Value ofBytes(byte[] v) {
        return Value.newBuilder().setBytesValue(ByteString.copyFrom(v)).build();
    }

    public static Value ofText(String v) {
        return Value.newBuilder().setTextValue(v).build();
    }

    public static Value ofJson(String v) {
        return Value.newBuilder().setJsonValue(v).build();
    }

    public static Value ofDate(LocalDate v) {
        return Value.newBuilder().setDateValue(Math.toIntExact(v.toEpochDay())).build();
    }

    public static Value ofDatetime(LocalDateTime v) {
        return Value.newBuilder().setDatetimeValue(toMicros(v)).build();
    }

    public static Value ofDatetimeMicros(long micros) {
        return Value.newBuilder().setDatetimeValue(micros).build();
    }

    public static Value ofTimestamp(Instant v) {
        return ofTimestampMicros(Math.addExact(Math.multiplyExact(v.getEpochSecond(), MICROS_PER_SECOND), v.getNano() / 1000));
    }

    public static Value ofTimestampMicros(long micros) {
        return Value.newBuilder().setTimestampValue(micros).build();
    }

    public static Value ofTimeMicros(long micros) {
        return Value.newBuilder().setTimeValue(micros).build();
    }

    public static Value ofYear(int year) {
        return Value.newBuilder().setYearValue(year).build();
    }

    public static Value ofBits(byte[] bigEndian, int length) {
        return Value.newBuilder().setBitsValue(Bits.newBuilder().setValue(ByteString.copyFrom(bigEndian)).setLength(length)).build();
    }

    public static Value zeroDate(String original) {
        return Value.newBuilder().setZeroDate(ZeroDate.newBuilder().setOriginal(original)).build();
    }

    /** NULL and zero dates both arrive in PostgreSQL as NULL. */
    public static boolean isNullInTarget(Value v) {
        return v.getKindCase() == Value.KindCase.NULL_VALUE
                || v.getKindCase() == Value.KindCase.ZERO_DATE
                || v.getKindCase() == Value.KindCase.KIND_NOT_SET;
    }

    public static BigInteger unsignedToBigInteger(long bits) {
        return BigInteger.valueOf(bits).and(UNSIGNED_LONG_MASK);
    }

    public static long toMicros(LocalDateTime v) {
        long seconds = v.toEpochSecond(ZoneOffset.UTC);
        return Math.addExact(Math.multiplyExact(seconds, MICROS_PER_SECOND), v.getNano() / 1000);
    }

    public static LocalDateTime datetimeOf(long micros) {
        long seconds = Math.floorDiv(micros, MICROS_PER_SECOND);
        int nanos = (int) Math.floorMod(micros, MICROS_PER_SECOND) * 1000;
        return LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    }

    public static LocalDate dateOf(int days) {
        return LocalDate.ofEpochDay(days);
    }

    /** A human-readable rendering for logs and error messages (never for SQL). */
    public static String describe(Value v) {
        switch (v.getKindCase()) {
            case NULL_VALUE:
            case KIND_NOT_SET:
                return "NULL";
            case INT_VALUE:
                return Long.toString(v.getIntValue());
            case UINT_VALUE:
                return Long.toUnsignedString(v.getUintValue());
            case TEXT_VALUE:
                return "'" + abbreviate(v.getTextValue()) + "'";
            case BYTES_VALUE:
                return "<" + v.getBytesValue().size() + " bytes>";
            case ZERO_DATE:
                return "'" + v.getZeroDate().getOriginal() + "'";
            default:
                return PgText.format(v, null);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
