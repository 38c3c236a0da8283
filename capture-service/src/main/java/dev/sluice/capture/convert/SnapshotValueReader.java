package dev.sluice.capture.convert;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.Values;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * Reads snapshot values over JDBC into the same {@link Value}s {@link BinlogValueConverter} makes
 * from the binlog. Expects a connection from SourceConnections (session time_zone '+00:00', NAMES
 * utf8mb4, text protocol) and a select list built with {@link #selectExpression}.
 *
 * <p>Runs once per value for millions of rows: no regular expressions, no driver date conversions,
 * text parsed in place.
 */
public final class SnapshotValueReader {

    private SnapshotValueReader() {
    }

    /**
     * The select-list expression for a column. Some columns are not selected as they are:
     * <ul>
     * <li>FLOAT and DOUBLE as {@code CAST(c AS DOUBLE)}: the text protocol prints FLOAT with 6
     * significant digits and DOUBLE(M,D) with D decimals; the cast prints the stored value exactly;</li>
     * <li>DATE, DATETIME, TIMESTAMP and TIME as {@code CAST(c AS CHAR)}: MariaDB's own text, which the
     * driver would otherwise reformat (it pads fractions, and cannot represent zero dates), so that
     * zero dates keep the exact original text;</li>
     * <li>INET6 as its 16 bytes, formatted like the binlog's ({@link AddressText}).</li>
     * </ul>
     */
    public static String selectExpression(ColumnSchema c) {
        String column = SqlIdentifiers.maria(c.getName());
        switch (ValueKind.of(c)) {
            case FLOAT:
            case DOUBLE:
                return "CAST(" + column + " AS DOUBLE)";
            case DATE:
            case DATETIME:
            case TIMESTAMP:
            case TIME:
                return "CAST(" + column + " AS CHAR)";
            case INET6:
                return "CAST(" + column + " AS BINARY(16))";
            default:
                return column;
        }
    }

    /** The value at {@code index} (1-based) of the current row, selected with {@link #selectExpression}. */
    public static Value read(ResultSet rs, int index, ColumnSchema c) throws SQLException {
        switch (ValueKind.of(c)) {
            case TINYINT:
            case SMALLINT:
            case MEDIUMINT:
            case INT: {
                long v = rs.getLong(index);
                return v == 0 && rs.wasNull() ? Values.NULL : Values.ofLong(v);
            }
            case BIGINT: {
                if (c.getUnsigned()) {
                    String s = rs.getString(index);
                    return s == null ? Values.NULL : Values.ofUnsigned(Long.parseUnsignedLong(s));
                }
                long v = rs.getLong(index);
                return v == 0 && rs.wasNull() ? Values.NULL : Values.ofLong(v);
            }
            case DECIMAL: {
                BigDecimal d = rs.getBigDecimal(index);
                return d == null ? Values.NULL : Values.ofDecimal(d.setScale(c.getNumericScale()));
            }
            case FLOAT: {
                double v = rs.getDouble(index);
                return v == 0 && rs.wasNull() ? Values.NULL : Values.ofFloat((float) v); // exact: the double holds a float
            }
            case DOUBLE: {
                double v = rs.getDouble(index);
                return v == 0 && rs.wasNull() ? Values.NULL : Values.ofDouble(v);
            }
            case BIT: {
                byte[] b = rs.getBytes(index);
                int length = c.getNumericPrecision();
                return b == null ? Values.NULL : Values.ofBits(bitBytes(b, length), length);
            }
            case TEXT:
            case ENUM:
            case SET:
            case UUID:
            case INET4: {
                String s = rs.getString(index);
                return s == null ? Values.NULL : Values.ofText(s);
            }
            case JSON: {
                String s = rs.getString(index);
                return s == null ? Values.NULL : Values.ofJson(s);
            }
            case BYTES: {
                byte[] b = rs.getBytes(index);
                return b == null ? Values.NULL : Bytes.value(b);
            }
            case FIXED_BYTES: {
                byte[] b = rs.getBytes(index);
                return b == null ? Values.NULL : Bytes.value(Bytes.padRight(b, ValueKind.fixedLength(c)));
            }
            case GEOMETRY: {
                byte[] b = rs.getBytes(index);
                return b == null ? Values.NULL : Bytes.value(Bytes.withoutSrid(b));
            }
            case INET6: {
                byte[] b = rs.getBytes(index);
                return b == null ? Values.NULL : Values.ofText(AddressText.inet6(b));
            }
            case DATE: {
                String s = rs.getString(index);
                if (s == null) {
                    return Values.NULL;
                }
                long days = TemporalText.dateDays(s);
                return days == TemporalText.INVALID ? Values.zeroDate(s) : Value.newBuilder().setDateValue((int) days).build();
            }
            case DATETIME: {
                String s = rs.getString(index);
                if (s == null) {
                    return Values.NULL;
                }
                long micros = TemporalText.datetimeMicros(s);
                return micros == TemporalText.INVALID ? Values.zeroDate(s) : Values.ofDatetimeMicros(micros);
            }
            case TIMESTAMP: {
                // The session time zone is UTC, so the text is the UTC wall clock of the instant.
                String s = rs.getString(index);
                if (s == null) {
                    return Values.NULL;
                }
                long micros = TemporalText.datetimeMicros(s);
                return micros == TemporalText.INVALID ? Values.zeroDate(s) : Values.ofTimestampMicros(micros);
            }
            case TIME: {
                String s = rs.getString(index);
                return s == null ? Values.NULL : Values.ofTimeMicros(TemporalText.timeMicros(s));
            }
            case YEAR: {
                int v = rs.getInt(index);
                return v == 0 && rs.wasNull() ? Values.NULL : Values.ofYear(v);
            }
            default:
                throw new IllegalStateException("unhandled column " + c.getName() + " " + c.getColumnType());
        }
    }

    /** BIT(n) as exactly ceil(n/8) big-endian bytes, whatever width the protocol used. */
    private static byte[] bitBytes(byte[] b, int length) {
        int n = (length + 7) / 8;
        if (b.length == n) {
            return b;
        }
        byte[] out = new byte[n];
        int copy = Math.min(n, b.length);
        System.arraycopy(b, b.length - copy, out, n - copy, copy);
        return out;
    }
}
