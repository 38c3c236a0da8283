package dev.sluice.model;

import dev.sluice.v1.Bits;
import dev.sluice.v1.Value;
import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * Renders a {@link Value} in PostgreSQL's text input form for its mapped column type. COPY, bound
 * DML parameters and verification all go through here, so full and incremental sync cannot disagree.
 */
public final class PgText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private PgText() {
    }

    /**
     * @param targetType the PostgreSQL column type from {@link TypeMapping}, or null when unknown
     * @return the text form, or null for SQL NULL (NULL and zero dates)
     * @throws UnstorableValueException for a value PostgreSQL cannot hold (NUL characters, ...)
     */
    public static String format(Value v, String targetType) {
        switch (v.getKindCase()) {
            case NULL_VALUE:
            case ZERO_DATE:
            case KIND_NOT_SET:
                return null;
            case INT_VALUE:
                return "boolean".equals(targetType) ? bool(v.getIntValue()) : Long.toString(v.getIntValue());
            case UINT_VALUE:
                return Long.toUnsignedString(v.getUintValue());
            case DECIMAL_VALUE:
                return v.getDecimalValue();
            case FLOAT_VALUE:
                return Float.toString(v.getFloatValue());
            case DOUBLE_VALUE:
                return Double.toString(v.getDoubleValue());
            case BYTES_VALUE:
                return hexBytea(v.getBytesValue().toByteArray());
            case TEXT_VALUE:
                return noNul(v.getTextValue(), "text");
            case JSON_VALUE:
                return json(v.getJsonValue());
            case DATE_VALUE:
                return date(LocalDate.ofEpochDay(v.getDateValue()));
            case DATETIME_VALUE:
                return datetime(Values.datetimeOf(v.getDatetimeValue()), "");
            case TIMESTAMP_VALUE:
                return datetime(Values.datetimeOf(v.getTimestampValue()), "+00");
            case TIME_VALUE:
                return time(v.getTimeValue());
            case YEAR_VALUE:
                return Integer.toString(v.getYearValue());
            case BITS_VALUE:
                return bits(v.getBitsValue());
            default:
                throw new IllegalArgumentException("unknown value kind " + v.getKindCase());
        }
    }

    private static String bool(long v) {
        if (v == 0) {
            return "false";
        }
        if (v == 1) {
            return "true";
        }
        throw new UnstorableValueException("value " + v + " does not fit boolean (tinyint1AsBoolean maps only 0 and 1)");
    }

    private static String noNul(String s, String what) {
        if (s.indexOf('\0') >= 0) {
            throw new UnstorableValueException(what + " contains a NUL character (U+0000), which PostgreSQL cannot store");
        }
        return s;
    }

    private static String json(String s) {
        noNul(s, "JSON");
        if (s.contains("\\u0000")) {
            throw new UnstorableValueException("JSON contains \\u0000, which PostgreSQL jsonb cannot store");
        }
        return s;
    }

    public static String hexBytea(byte[] bytes) {
        char[] out = new char[2 + bytes.length * 2];
        out[0] = '\\';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + 2 * i] = HEX[(bytes[i] >> 4) & 0xF];
            out[3 + 2 * i] = HEX[bytes[i] & 0xF];
        }
        return new String(out);
    }

    static String bits(Bits b) {
        byte[] bytes = b.getValue().toByteArray();
        int length = b.getLength();
        StringBuilder sb = new StringBuilder(length);
        int totalBits = bytes.length * 8;
        for (int i = totalBits - length; i < totalBits; i++) {
            int bit = i < 0 ? 0 : (bytes[i / 8] >> (7 - (i % 8))) & 1;
            sb.append(bit == 1 ? '1' : '0');
        }
        return sb.toString();
    }

    /** Year 0 and before are written the way PostgreSQL reads them: ISO year 0 is 1 BC. */
    static String date(LocalDate d) {
        StringBuilder sb = new StringBuilder(16);
        appendDate(sb, d);
        if (d.getYear() <= 0) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    static String datetime(LocalDateTime t, String zone) {
        StringBuilder sb = new StringBuilder(32);
        appendDate(sb, t.toLocalDate());
        sb.append(' ');
        pad(sb, t.getHour(), 2).append(':');
        pad(sb, t.getMinute(), 2).append(':');
        pad(sb, t.getSecond(), 2);
        int micros = t.getNano() / 1000;
        if (micros != 0) {
            sb.append('.');
            pad(sb, micros, 6);
        }
        sb.append(zone);
        if (t.getYear() <= 0) {
            sb.append(" BC");
        }
        return sb.toString();
    }

    /** MariaDB TIME as an interval: '-838:59:59.999999' reads back as the same signed duration. */
    static String time(long micros) {
        StringBuilder sb = new StringBuilder(20);
        long abs = Math.abs(micros);
        if (micros < 0) {
            sb.append('-');
        }
        long totalSeconds = abs / 1_000_000;
        sb.append(totalSeconds / 3600).append(':');
        pad(sb, (int) (totalSeconds / 60 % 60), 2).append(':');
        pad(sb, (int) (totalSeconds % 60), 2);
        int frac = (int) (abs % 1_000_000);
        if (frac != 0) {
            sb.append('.');
            pad(sb, frac, 6);
        }
        return sb.toString();
    }

    private static void appendDate(StringBuilder sb, LocalDate d) {
        int year = d.getYear();
        pad(sb, year > 0 ? year : 1 - year, 4).append('-');
        pad(sb, d.getMonthValue(), 2).append('-');
        pad(sb, d.getDayOfMonth(), 2);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        String s = Integer.toString(v);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        return sb.append(s);
    }
}
