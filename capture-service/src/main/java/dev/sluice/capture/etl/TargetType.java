package dev.sluice.capture.etl;

import com.google.common.primitives.UnsignedLong;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import dev.cel.common.values.CelByteString;
import dev.cel.common.values.NullValue;
import dev.sluice.model.Values;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PostgreSQL type of a computed column: which CEL results it takes and how they become a {@link Value}.
 * Strict on purpose: a result is converted only from kinds that hold it exactly (an int into numeric, but
 * not into text or double precision), so a wrong expression is refused when the task is created rather
 * than silently reformatted. Widen with CEL's own conversions: string(x), double(x), int(x).
 */
final class TargetType {

    enum Kind {
        TEXT(CelKind.STRING), JSON(CelKind.STRING),
        SMALLINT(CelKind.INT), INTEGER(CelKind.INT), BIGINT(CelKind.INT),
        NUMERIC(CelKind.INT, CelKind.UINT, CelKind.DOUBLE, CelKind.STRING),
        REAL(CelKind.DOUBLE), DOUBLE(CelKind.DOUBLE),
        BOOLEAN(CelKind.BOOL),
        BYTEA(CelKind.BYTES), BIT(CelKind.BYTES),
        TIMESTAMPTZ(CelKind.TIMESTAMP), TIMESTAMP(CelKind.TIMESTAMP), DATE(CelKind.TIMESTAMP),
        INTERVAL(CelKind.DURATION);

        /** In the order messages list them. */
        final List<CelKind> accepted;

        Kind(CelKind... accepted) {
            this.accepted = List.of(accepted);
        }
    }

    /** Results whose type is known only at run time; checked row by row. */
    private static final Set<CelKind> CHECKED_AT_RUNTIME = EnumSet.of(CelKind.DYN, CelKind.ANY, CelKind.NULL_TYPE, CelKind.TYPE_PARAM);
    private static final Pattern SIZED = Pattern.compile("([a-z ]+?) ?\\((\\d+)(?: ?, ?(\\d+))?\\)( with(?:out)? time zone)?");
    private static final long MICROS_PER_SECOND = 1_000_000L;

    private final Kind kind;
    private final String sql;
    /** varchar(n)/char(n): characters; bit(n): bits; 0 = unlimited. */
    private final int length;

    private TargetType(Kind kind, String sql, int length) {
        this.kind = kind;
        this.sql = sql;
        this.length = length;
    }

    /**
     * @param pgType a PostgreSQL type as a user declares it or {@link dev.sluice.model.TypeMapping} produces it
     * @return the type with its canonical SQL spelling, or empty when computed columns cannot have it
     */
    static Optional<TargetType> parse(String pgType) {
        String t = pgType.trim().toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        switch (t) {
            case "text":
                return of(Kind.TEXT, "text", 0);
            case "varchar", "character varying":
                return of(Kind.TEXT, "varchar", 0);
            case "char", "character":
                return of(Kind.TEXT, "char(1)", 1);
            case "uuid", "inet":
                return of(Kind.TEXT, t, 0);
            case "json", "jsonb":
                return of(Kind.JSON, t, 0);
            case "smallint", "int2":
                return of(Kind.SMALLINT, "smallint", 0);
            case "integer", "int", "int4":
                return of(Kind.INTEGER, "integer", 0);
            case "bigint", "int8":
                return of(Kind.BIGINT, "bigint", 0);
            case "numeric", "decimal":
                return of(Kind.NUMERIC, "numeric", 0);
            case "real", "float4":
                return of(Kind.REAL, "real", 0);
            case "double precision", "float8", "float":
                return of(Kind.DOUBLE, "double precision", 0);
            case "boolean", "bool":
                return of(Kind.BOOLEAN, "boolean", 0);
            case "bytea":
                return of(Kind.BYTEA, "bytea", 0);
            case "bit":
                return of(Kind.BIT, "bit(1)", 1);
            case "timestamp", "timestamp without time zone":
                return of(Kind.TIMESTAMP, "timestamp(6) without time zone", 0);
            case "timestamptz", "timestamp with time zone":
                return of(Kind.TIMESTAMPTZ, "timestamp(6) with time zone", 0);
            case "date":
                return of(Kind.DATE, "date", 0);
            case "interval":
                return of(Kind.INTERVAL, "interval", 0);
            default:
                return sized(t);
        }
    }

    /** varchar(n), char(n), numeric(p[,s]), bit(n), timestamp(p) [with[out] time zone], timestamptz(p). */
    private static Optional<TargetType> sized(String t) {
        Matcher m = SIZED.matcher(t);
        if (!m.matches()) {
            return Optional.empty();
        }
        String base = m.group(1);
        String second = m.group(3);
        int n;
        int scale;
        try {
            n = Integer.parseInt(m.group(2));
            scale = second == null ? 0 : Integer.parseInt(second);
        } catch (NumberFormatException e) {
            return Optional.empty(); // more digits than any PostgreSQL type modifier
        }
        String zone = m.group(4);
        if (zone != null && !base.equals("timestamp") || second != null && !(base.equals("numeric") || base.equals("decimal"))) {
            return Optional.empty();
        }
        switch (base) {
            case "varchar", "character varying":
                return n >= 1 && n <= 10_485_760 ? of(Kind.TEXT, "varchar(" + n + ")", n) : Optional.empty();
            case "char", "character":
                return n >= 1 && n <= 10_485_760 ? of(Kind.TEXT, "char(" + n + ")", n) : Optional.empty();
            case "numeric", "decimal":
                return n >= 1 && n <= 1000 && scale <= n ? of(Kind.NUMERIC, "numeric(" + n + "," + scale + ")", 0) : Optional.empty();
            case "bit":
                return n >= 1 && n <= 83_886_080 ? of(Kind.BIT, "bit(" + n + ")", n) : Optional.empty();
            case "timestamp":
                if (n > 6) {
                    return Optional.empty();
                }
                return " with time zone".equals(zone)
                        ? of(Kind.TIMESTAMPTZ, "timestamp(" + n + ") with time zone", 0)
                        : of(Kind.TIMESTAMP, "timestamp(" + n + ") without time zone", 0);
            case "timestamptz":
                return n <= 6 ? of(Kind.TIMESTAMPTZ, "timestamp(" + n + ") with time zone", 0) : Optional.empty();
            default:
                return Optional.empty();
        }
    }

    private static Optional<TargetType> of(Kind kind, String sql, int length) {
        return Optional.of(new TargetType(kind, sql, length));
    }

    /** The canonical spelling, as schema sync creates the column. */
    String sql() {
        return sql;
    }

    Kind kind() {
        return kind;
    }

    /** Whether an expression of this static type can be written here (dyn and null are checked per row). */
    boolean accepts(CelType resultType) {
        CelKind k = resultType.kind(); // a nullable wrapper(string) has the kind of string
        return kind.accepted.contains(k) || CHECKED_AT_RUNTIME.contains(k);
    }

    /** What {@link #accepts} wants, for messages: "string", "int, uint, double or string". */
    String expected() {
        StringBuilder sb = new StringBuilder();
        List<CelKind> kinds = kind.accepted;
        for (int i = 0; i < kinds.size(); i++) {
            if (i > 0) {
                sb.append(i == kinds.size() - 1 ? " or " : ", ");
            }
            sb.append(celName(kinds.get(i)));
        }
        return sb.toString();
    }

    static String celName(CelKind k) {
        switch (k) {
            case TIMESTAMP:
                return "timestamp";
            case DURATION:
                return "duration";
            case NULL_TYPE:
                return "null";
            default:
                return k.name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param result what the CEL program returned
     * @throws IllegalArgumentException when the result does not fit (the message says why)
     */
    Value toValue(Object result) {
        if (isNull(result)) {
            return Values.NULL;
        }
        switch (kind) {
            case TEXT:
                return Values.ofText(checkLength(require(result, String.class)));
            case JSON:
                return Values.ofJson(require(result, String.class));
            case SMALLINT:
                return Values.ofLong(inRange(require(result, Long.class), Short.MIN_VALUE, Short.MAX_VALUE));
            case INTEGER:
                return Values.ofLong(inRange(require(result, Long.class), Integer.MIN_VALUE, Integer.MAX_VALUE));
            case BIGINT:
                return Values.ofLong(require(result, Long.class));
            case NUMERIC:
                return Values.ofDecimal(decimal(result));
            case REAL:
                return Values.ofFloat(require(result, Double.class).floatValue());
            case DOUBLE:
                return Values.ofDouble(require(result, Double.class));
            case BOOLEAN:
                // PgText writes int 0/1 as false/true for boolean columns, as for tinyint1AsBoolean.
                return Values.ofLong(require(result, Boolean.class) ? 1 : 0);
            case BYTEA:
                return Values.ofBytes(require(result, CelByteString.class).toByteArray());
            case BIT:
                return bits(require(result, CelByteString.class));
            case TIMESTAMPTZ:
                return Values.ofTimestampMicros(micros(require(result, Instant.class)));
            case TIMESTAMP:
                // The wall clock of the instant in UTC: how DATETIME values enter CEL, so they round-trip.
                return Values.ofDatetimeMicros(micros(require(result, Instant.class)));
            case DATE:
                return Values.ofDate(java.time.LocalDate.ofEpochDay(Math.floorDiv(require(result, Instant.class).getEpochSecond(), 86_400L)));
            case INTERVAL: {
                Duration d = require(result, Duration.class);
                return Values.ofTimeMicros(Math.addExact(Math.multiplyExact(d.getSeconds(), MICROS_PER_SECOND), d.getNano() / 1000));
            }
            default:
                throw new IllegalStateException("unhandled target kind " + kind);
        }
    }

    /** CEL's null: cel-java's own NullValue, or protobuf's where a value came through JSON/Struct. */
    static boolean isNull(Object result) {
        return result == null || result instanceof NullValue || result instanceof com.google.protobuf.NullValue;
    }

    private <T> T require(Object result, Class<T> type) {
        if (!type.isInstance(result)) {
            throw new IllegalArgumentException("the result " + shortText(result) + " (" + runtimeName(result) + ") cannot be written to a "
                    + sql + " column, which takes " + expected());
        }
        return type.cast(result);
    }

    private String checkLength(String s) {
        if (length > 0 && s.length() > length && s.codePointCount(0, s.length()) > length) {
            throw new IllegalArgumentException("the result has " + s.codePointCount(0, s.length()) + " characters, more than " + sql + " holds");
        }
        return s;
    }

    private long inRange(long v, long min, long max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException("the result " + v + " is out of range for " + sql);
        }
        return v;
    }

    private BigDecimal decimal(Object result) {
        if (result instanceof Long l) {
            return BigDecimal.valueOf(l);
        }
        if (result instanceof UnsignedLong u) {
            return new BigDecimal(u.bigIntegerValue());
        }
        if (result instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                throw new IllegalArgumentException("the result " + d + " cannot be written to a " + sql + " column");
            }
            return BigDecimal.valueOf(d); // the shortest decimal that reads back as the same double
        }
        String s = require(result, String.class);
        try {
            return new BigDecimal(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("the result " + shortText(s) + " is not a decimal number for " + sql);
        }
    }

    private Value bits(CelByteString b) {
        int bytes = (length + 7) / 8;
        if (b.size() != bytes) {
            throw new IllegalArgumentException("the result has " + b.size() + " bytes; " + sql + " takes " + bytes);
        }
        return Values.ofBits(b.toByteArray(), length);
    }

    /** Microseconds since the epoch; CEL's nanoseconds are truncated toward the past, as MariaDB keeps micros. */
    private static long micros(Instant i) {
        return Math.addExact(Math.multiplyExact(i.getEpochSecond(), MICROS_PER_SECOND), i.getNano() / 1000);
    }

    static String runtimeName(Object v) {
        if (v instanceof String) {
            return "string";
        }
        if (v instanceof Long) {
            return "int";
        }
        if (v instanceof UnsignedLong) {
            return "uint";
        }
        if (v instanceof Double) {
            return "double";
        }
        if (v instanceof Boolean) {
            return "bool";
        }
        if (v instanceof CelByteString) {
            return "bytes";
        }
        if (v instanceof Instant) {
            return "timestamp";
        }
        if (v instanceof Duration) {
            return "duration";
        }
        if (v instanceof java.util.List) {
            return "list";
        }
        if (v instanceof java.util.Map) {
            return "map";
        }
        return v.getClass().getSimpleName();
    }

    private static String shortText(Object v) {
        String s = v instanceof String ? "'" + v + "'" : String.valueOf(v);
        return s.length() <= 64 ? s : s.substring(0, 61) + "...";
    }
}
