package dev.sluice.capture.convert;

import dev.sluice.model.Values;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.io.Serializable;
import java.math.BigDecimal;
import java.util.BitSet;
import java.util.List;

/**
 * One binlog row cell, as decoded by {@link BinlogDeserializers}, to a {@link Value}: the same Value
 * {@link SnapshotValueReader} reads for the same stored value.
 */
public final class BinlogValueConverter {

    private BinlogValueConverter() {
    }

    /**
     * @param raw the library's value at index {@code c.getOrdinal() - 1} of a full row image; null for SQL NULL
     * @throws IllegalArgumentException when the cell does not have the Java type this column's binlog type gives
     */
    public static Value convert(Serializable raw, ColumnSchema c) {
        if (raw == null) {
            return Values.NULL;
        }
        ValueKind kind = ValueKind.of(c);
        try {
            return convert(raw, c, kind);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException("binlog value of type " + raw.getClass().getSimpleName() + " does not fit column "
                    + c.getName() + " " + c.getColumnType() + ": the table changed since its schema was read?", e);
        }
    }

    private static Value convert(Serializable raw, ColumnSchema c, ValueKind kind) {
        switch (kind) {
            // Integers arrive sign-extended from their storage width: unsigned columns mask them back.
            case TINYINT:
                return Values.ofLong(c.getUnsigned() ? (Integer) raw & 0xFFL : (Integer) raw);
            case SMALLINT:
                return Values.ofLong(c.getUnsigned() ? (Integer) raw & 0xFFFFL : (Integer) raw);
            case MEDIUMINT:
                return Values.ofLong(c.getUnsigned() ? (Integer) raw & 0xFFFFFFL : (Integer) raw);
            case INT:
                return Values.ofLong(c.getUnsigned() ? Integer.toUnsignedLong((Integer) raw) : (Integer) raw);
            case BIGINT:
                return c.getUnsigned() ? Values.ofUnsigned((Long) raw) : Values.ofLong((Long) raw);
            case DECIMAL:
                return Values.ofDecimal(((BigDecimal) raw).setScale(c.getNumericScale()));
            case FLOAT:
                return Values.ofFloat((Float) raw);
            case DOUBLE:
                return Values.ofDouble((Double) raw);
            case BIT:
                return Values.ofBits(bitsBigEndian((BitSet) raw, c.getNumericPrecision()), c.getNumericPrecision());
            case TEXT:
                return Values.ofText(MariaCharsets.decode((byte[]) raw, c.getCharset()));
            case BYTES:
                return Bytes.value((byte[]) raw);
            case FIXED_BYTES:
                return Bytes.value(Bytes.padRight((byte[]) raw, ValueKind.fixedLength(c)));
            case ENUM:
                return Values.ofText(enumLabel((Integer) raw, c));
            case SET:
                return Values.ofText(setText((Long) raw, c));
            case DATE:
                if (raw instanceof String) {
                    return Values.zeroDate((String) raw);
                }
                return isInvalidMarker(raw) ? Values.zeroDate(TemporalText.zeroText(false, 0))
                        : Value.newBuilder().setDateValue(Math.toIntExact(Math.floorDiv((Long) raw, TemporalText.MICROS_PER_DAY))).build();
            case DATETIME:
                if (raw instanceof String) {
                    return Values.zeroDate((String) raw);
                }
                return isInvalidMarker(raw) ? Values.zeroDate(TemporalText.zeroText(true, c.getDatetimePrecision()))
                        : Values.ofDatetimeMicros((Long) raw);
            case TIMESTAMP:
                if (raw instanceof String) {
                    return Values.zeroDate((String) raw);
                }
                // The library's own decoder gives 0 for the zero TIMESTAMP; TemporalCells gives the text.
                return isInvalidMarker(raw) || (Long) raw == 0L ? Values.zeroDate(TemporalText.zeroText(true, c.getDatetimePrecision()))
                        : Values.ofTimestampMicros((Long) raw);
            case TIME:
                return Values.ofTimeMicros((Long) raw);
            case YEAR: {
                int year = (Integer) raw;
                return Values.ofYear(year == 1900 ? 0 : year); // 1900: the library's decoder for YEAR 0000
            }
            case JSON:
                return Values.ofJson(MariaCharsets.decode((byte[]) raw, c.getCharset().isEmpty() ? "utf8mb4" : c.getCharset()));
            case UUID:
                return Values.ofText(AddressText.uuid(Bytes.padRight((byte[]) raw, 16)));
            case INET4:
                return Values.ofText(AddressText.inet4(Bytes.padRight((byte[]) raw, 4)));
            case INET6:
                return Values.ofText(AddressText.inet6(Bytes.padRight((byte[]) raw, 16)));
            case GEOMETRY:
                return Bytes.value(Bytes.withoutSrid((byte[]) raw));
            default:
                throw new IllegalStateException("unhandled value kind " + kind);
        }
    }

    /** Long.MIN_VALUE: the library's INVALID_DATE_AND_TIME_AS_MIN_VALUE, should any cell bypass TemporalCells. */
    private static boolean isInvalidMarker(Serializable raw) {
        return (Long) raw == Long.MIN_VALUE;
    }

    /** The library's BitSet has bit i = 2^i; Bits wants ceil(n/8) big-endian bytes. */
    static byte[] bitsBigEndian(BitSet bits, int length) {
        int n = (length + 7) / 8;
        byte[] out = new byte[n];
        for (int i = bits.nextSetBit(0); i >= 0 && i < n * 8; i = bits.nextSetBit(i + 1)) {
            out[n - 1 - i / 8] |= (byte) (1 << (i % 8));
        }
        return out;
    }

    /** Index 0 is the '' MariaDB stores for an invalid value in non-strict mode. */
    private static String enumLabel(int index, ColumnSchema c) {
        if (index == 0) {
            return "";
        }
        if (index > c.getEnumValuesCount()) {
            throw new IllegalArgumentException("ENUM index " + index + " beyond the " + c.getEnumValuesCount() + " labels of column "
                    + c.getName() + ": the column's labels changed since its schema was read?");
        }
        return c.getEnumValues(index - 1);
    }

    /** Members in definition order, joined with ',' (as MariaDB prints a SET). */
    private static String setText(long mask, ColumnSchema c) {
        List<String> labels = c.getEnumValuesList();
        if (mask == 0) {
            return "";
        }
        if (labels.size() < 64 && (mask >>> labels.size()) != 0) {
            throw new IllegalArgumentException("SET value 0x" + Long.toHexString(mask) + " has members beyond the " + labels.size()
                    + " labels of column " + c.getName() + ": the column's labels changed since its schema was read?");
        }
        StringBuilder sb = new StringBuilder();
        boolean first = true;
        for (int i = 0; i < labels.size(); i++) {
            if ((mask & (1L << i)) != 0) {
                if (!first) {
                    sb.append(',');
                }
                sb.append(labels.get(i));
                first = false;
            }
        }
        return sb.toString();
    }
}
