package dev.sluice.capture.etl;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelType;
import dev.cel.common.types.NullableType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * How a source column looks in CEL: its static type (from the column's MariaDB type, checked when the
 * task is created) and its value (from the {@link Value}, row by row). The two must agree, so both live here.
 *
 * <p>Integers are int (uint for BIGINT UNSIGNED), DECIMAL is string (exact: CEL has no decimal type), FLOAT and
 * DOUBLE are double, text/ENUM/SET/JSON/UUID/INET are string, binary/BIT/GEOMETRY are bytes, DATE/DATETIME/TIMESTAMP
 * are timestamp (DATE at midnight UTC, DATETIME's wall clock as if UTC), TIME is duration, YEAR is int, and a
 * tinyint1AsBoolean column (target boolean) is bool. NULL and zero dates are CEL null; every column may hold it.
 */
final class CelValues {

    private static final long MICROS_PER_SECOND = 1_000_000L;
    private static final long SECONDS_PER_DAY = 86_400L;

    private CelValues() {
    }

    /**
     * Scalars are declared as CEL's nullable wrapper types (wrapper(string), ...): they behave as their
     * scalar in every function and operator, and also compare with null (row.x != null), which plain
     * scalars refuse. Timestamps and durations compare with null as they are.
     */
    static CelType staticType(ColumnSchema c) {
        CelType scalar = scalarType(c);
        return scalar == SimpleType.TIMESTAMP || scalar == SimpleType.DURATION || scalar == SimpleType.DYN
                ? scalar : NullableType.create(scalar);
    }

    private static CelType scalarType(ColumnSchema c) {
        String type = c.getDataType().toLowerCase(Locale.ROOT);
        switch (type) {
            case "tinyint":
                return isBoolean(c) ? SimpleType.BOOL : SimpleType.INT;
            case "smallint", "mediumint", "int", "year":
                return SimpleType.INT;
            case "bigint":
                return c.getUnsigned() ? SimpleType.UINT : SimpleType.INT;
            case "decimal", "enum", "set", "json", "uuid", "inet4", "inet6":
                return SimpleType.STRING;
            case "float", "double":
                return SimpleType.DOUBLE;
            case "char", "varchar", "tinytext", "text", "mediumtext", "longtext":
                return "binary".equals(c.getCharset()) ? SimpleType.BYTES : SimpleType.STRING;
            case "bit", "binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob",
                    "geometry", "point", "linestring", "polygon", "multipoint", "multilinestring", "multipolygon", "geometrycollection":
                return SimpleType.BYTES;
            case "date", "datetime", "timestamp":
                return SimpleType.TIMESTAMP;
            case "time":
                return SimpleType.DURATION;
            default:
                return SimpleType.DYN; // capture refuses such columns anyway; values are still converted by kind
        }
    }

    /** TINYINT(1) under tinyint1AsBoolean: the target type says so. */
    static boolean isBoolean(ColumnSchema c) {
        return "boolean".equals(c.getTargetType());
    }

    /**
     * @param asBool the column is a tinyint1AsBoolean one: its int 0/1 is CEL false/true (any non-zero is true)
     */
    static Object toCel(Value v, boolean asBool) {
        switch (v.getKindCase()) {
            case INT_VALUE:
                return asBool ? (Object) (v.getIntValue() != 0) : (Object) v.getIntValue();
            case TEXT_VALUE:
                return v.getTextValue();
            case DECIMAL_VALUE:
                return v.getDecimalValue();
            case UINT_VALUE:
                return UnsignedLong.fromLongBits(v.getUintValue());
            case DOUBLE_VALUE:
                return v.getDoubleValue();
            case FLOAT_VALUE:
                return (double) v.getFloatValue(); // exact: every float is a double
            case DATETIME_VALUE:
                return instant(v.getDatetimeValue());
            case TIMESTAMP_VALUE:
                return instant(v.getTimestampValue());
            case DATE_VALUE:
                return Instant.ofEpochSecond(v.getDateValue() * SECONDS_PER_DAY);
            case TIME_VALUE:
                return Duration.ofSeconds(Math.floorDiv(v.getTimeValue(), MICROS_PER_SECOND), Math.floorMod(v.getTimeValue(), MICROS_PER_SECOND) * 1000);
            case YEAR_VALUE:
                return (long) v.getYearValue();
            case BYTES_VALUE:
                return CelByteString.of(v.getBytesValue().toByteArray());
            case BITS_VALUE:
                return CelByteString.of(v.getBitsValue().getValue().toByteArray());
            case JSON_VALUE:
                return v.getJsonValue();
            case NULL_VALUE:
            case ZERO_DATE:
            case KIND_NOT_SET:
            default:
                return NullValue.NULL_VALUE;
        }
    }

    private static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND), Math.floorMod(micros, MICROS_PER_SECOND) * 1000);
    }
}
