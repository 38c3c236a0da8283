package dev.sluice.capture.convert;

import com.github.shyiko.mysql.binlog.event.deserialization.ColumnType;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;

/**
 * Decodes the binlog's temporal and YEAR cells, replacing the library's decoders, which get negative
 * TIME wrong, use the Julian calendar before 1582 and return 1900 for YEAR 0000 (see
 * docs/binlog-connector-notes.md §1).
 *
 * <p>What a cell becomes:
 * <ul>
 * <li>DATE: {@code Long} microseconds since the epoch at UTC midnight (proleptic Gregorian);</li>
 * <li>DATETIME: {@code Long} microseconds since 1970-01-01 00:00, the wall clock read as UTC;</li>
 * <li>TIMESTAMP: {@code Long} microseconds since the Unix epoch;</li>
 * <li>a zero or invalid DATE/DATETIME/TIMESTAMP ('0000-00-00', '2020-00-15 10:00:00', zero TIMESTAMP):
 * a {@code String}, exactly the text MariaDB prints for it, so that the binlog and the snapshot produce
 * the same {@code ZeroDate.original};</li>
 * <li>TIME: {@code Long} signed microseconds, the full ±838:59:59.999999 range;</li>
 * <li>YEAR: {@code Integer}, 0 for 0000.</li>
 * </ul>
 */
final class TemporalCells {

    private TemporalCells() {
    }

    static boolean handles(ColumnType type) {
        switch (type) {
            case DATE:
            case DATETIME:
            case DATETIME_V2:
            case TIMESTAMP:
            case TIMESTAMP_V2:
            case TIME:
            case TIME_V2:
            case YEAR:
                return true;
            default:
                return false;
        }
    }

    static Serializable decode(ColumnType type, int meta, ByteArrayInputStream in) throws IOException {
        switch (type) {
            case DATE:
                return date(in);
            case DATETIME:
                return datetimeV1(in);
            case DATETIME_V2:
                return datetimeV2(meta, in);
            case TIMESTAMP:
                return timestamp(in.readLong(4), 0, 0);
            case TIMESTAMP_V2:
                return timestamp(bigEndian(in, 4), fractionMicros(meta, in), meta);
            case TIME:
                return timeV1(in);
            case TIME_V2:
                return timeV2(meta, in);
            case YEAR: {
                int v = in.readInteger(1);
                return v == 0 ? 0 : 1900 + v;
            }
            default:
                throw new IllegalArgumentException("not a temporal column type: " + type);
        }
    }

    /** 3 bytes little-endian: day (5 bits), month (4 bits), year (15 bits). */
    private static Serializable date(ByteArrayInputStream in) throws IOException {
        int v = in.readInteger(3);
        int day = v & 0x1F;
        int month = (v >>> 5) & 0x0F;
        int year = v >>> 9;
        if (TemporalText.isInvalidDate(year, month, day)) {
            return TemporalText.dateText(year, month, day);
        }
        return TemporalText.epochDay(year, month, day) * TemporalText.MICROS_PER_DAY;
    }

    /** 5 bytes big-endian: sign, year*13+month (17 bits), day, hour, minute, second; then the fraction. */
    private static Serializable datetimeV2(int meta, ByteArrayInputStream in) throws IOException {
        long packed = bigEndian(in, 5);
        int micros = fractionMicros(meta, in);
        int yearMonth = (int) ((packed >>> 22) & 0x1FFFF);
        return datetime(yearMonth / 13, yearMonth % 13, (int) ((packed >>> 17) & 0x1F), (int) ((packed >>> 12) & 0x1F),
                (int) ((packed >>> 6) & 0x3F), (int) (packed & 0x3F), micros, meta);
    }

    /** The pre-5.6 format: 8 bytes little-endian holding the decimal number YYYYMMDDhhmmss. */
    private static Serializable datetimeV1(ByteArrayInputStream in) throws IOException {
        long v = in.readLong(8);
        long date = v / 1_000_000;
        long time = v % 1_000_000;
        return datetime((int) (date / 10_000), (int) (date / 100 % 100), (int) (date % 100),
                (int) (time / 10_000), (int) (time / 100 % 100), (int) (time % 100), 0, 0);
    }

    private static Serializable datetime(int year, int month, int day, int hour, int minute, int second, int micros, int precision) {
        if (TemporalText.isInvalidDate(year, month, day)) {
            return TemporalText.datetimeText(year, month, day, hour, minute, second, micros, precision);
        }
        return TemporalText.epochMicros(year, month, day, hour, minute, second, micros);
    }

    /** MariaDB stores the zero TIMESTAMP as second 0 (whatever the fraction): no real TIMESTAMP has it. */
    private static Serializable timestamp(long seconds, int micros, int precision) {
        if (seconds == 0) {
            return TemporalText.zeroText(true, precision);
        }
        return seconds * TemporalText.MICROS_PER_SECOND + micros;
    }

    /** The pre-5.6 format: 3 bytes little-endian, the signed decimal number ±HHHMMSS. */
    private static Serializable timeV1(ByteArrayInputStream in) throws IOException {
        int v = (in.readInteger(3) << 8) >> 8; // sign-extend 24 bits
        int a = Math.abs(v);
        long micros = ((a / 10_000) * 3600L + (a / 100 % 100) * 60L + a % 100) * TemporalText.MICROS_PER_SECOND;
        return v < 0 ? -micros : micros;
    }

    /**
     * MySQL/MariaDB TIME2 (my_time_packed_from_binary): 3 bytes big-endian offset by 0x800000, then a
     * fraction whose sign follows the integer part. Tested at every precision against MariaDB.
     */
    private static Serializable timeV2(int meta, ByteArrayInputStream in) throws IOException {
        long intPart = bigEndian(in, 3) - 0x800000L;
        long packed;
        switch (meta) {
            case 0:
                packed = intPart << 24;
                break;
            case 1:
            case 2: {
                long f = bigEndian(in, 1);
                if (intPart < 0 && f != 0) {
                    intPart++;
                    f -= 0x100;
                }
                packed = (intPart << 24) + f * 10_000;
                break;
            }
            case 3:
            case 4: {
                long f = bigEndian(in, 2);
                if (intPart < 0 && f != 0) {
                    intPart++;
                    f -= 0x10000;
                }
                packed = (intPart << 24) + f * 100;
                break;
            }
            case 5:
            case 6: {
                long f = bigEndian(in, 3);
                packed = ((intPart + 0x800000L) << 24 | f) - 0x800000000000L;
                break;
            }
            default:
                throw new IOException("bad TIME2 precision " + meta);
        }
        boolean negative = packed < 0;
        long a = Math.abs(packed);
        long hms = a >> 24;
        long micros = (((hms >> 12) & 0x3FF) * 3600 + ((hms >> 6) & 0x3F) * 60 + (hms & 0x3F)) * TemporalText.MICROS_PER_SECOND
                + (a & 0xFFFFFF);
        return negative ? -micros : micros;
    }

    /** DATETIME2/TIMESTAMP2 fraction: (precision+1)/2 bytes big-endian, in units of 10^-(2*bytes) s. */
    private static int fractionMicros(int meta, ByteArrayInputStream in) throws IOException {
        switch (meta) {
            case 0:
                return 0;
            case 1:
            case 2:
                return (int) bigEndian(in, 1) * 10_000;
            case 3:
            case 4:
                return (int) bigEndian(in, 2) * 100;
            case 5:
            case 6:
                return (int) bigEndian(in, 3);
            default:
                throw new IOException("bad temporal precision " + meta);
        }
    }

    private static long bigEndian(ByteArrayInputStream in, int length) throws IOException {
        long r = 0;
        for (int i = 0; i < length; i++) {
            r = (r << 8) | in.read();
        }
        return r;
    }
}
