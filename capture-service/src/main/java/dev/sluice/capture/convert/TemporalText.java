package dev.sluice.capture.convert;

/**
 * MariaDB temporal values as numbers and as text, shared by the snapshot and the binlog path so that
 * both compute days and microseconds with the same arithmetic (proleptic Gregorian, no time zones).
 *
 * <p>Text is parsed by hand at fixed positions: it runs once per value for millions of rows, and
 * MariaDB always prints DATE as {@code YYYY-MM-DD}, DATETIME/TIMESTAMP as
 * {@code YYYY-MM-DD HH:MM:SS[.f…]} and TIME as {@code [-]H…H:MM:SS[.f…]}.
 */
final class TemporalText {

    /** Returned by the parsers for a date that PostgreSQL cannot hold: zero month or day, or a day past the month's end. */
    static final long INVALID = Long.MIN_VALUE;
    static final long MICROS_PER_SECOND = 1_000_000L;
    static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

    private static final int[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000};

    private TemporalText() {
    }

    /**
     * A date MariaDB stored but that is no calendar date: '0000-00-00', '2020-00-15', '2020-01-00', or
     * '2021-02-31' (ALLOW_INVALID_DATES). Year 0 with a real month and day is a valid proleptic date (1 BC).
     */
    static boolean isInvalidDate(int year, int month, int day) {
        return month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month);
    }

    /** Days since 1970-01-01 in the proleptic Gregorian calendar (H. Hinnant's days_from_civil). */
    static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    static long epochMicros(int year, int month, int day, int hour, int minute, int second, int micros) {
        return epochDay(year, month, day) * MICROS_PER_DAY
                + ((hour * 60L + minute) * 60L + second) * MICROS_PER_SECOND + micros;
    }

    /** 'YYYY-MM-DD' to days since the epoch, or {@link #INVALID}. */
    static long dateDays(String s) {
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        return isInvalidDate(year, month, day) ? INVALID : epochDay(year, month, day);
    }

    /** 'YYYY-MM-DD HH:MM:SS[.f…]' to microseconds since the epoch (the text read as UTC), or {@link #INVALID}. */
    static long datetimeMicros(String s) {
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 7);
        int day = digits(s, 8, 10);
        if (isInvalidDate(year, month, day)) {
            return INVALID;
        }
        return epochMicros(year, month, day, digits(s, 11, 13), digits(s, 14, 16), digits(s, 17, 19), fraction(s, 19));
    }

    /** '[-]H…H:MM:SS[.f…]' to signed microseconds. */
    static long timeMicros(String s) {
        boolean negative = s.charAt(0) == '-';
        int start = negative ? 1 : 0;
        int colon = s.indexOf(':', start);
        if (colon < 0) {
            throw new IllegalArgumentException("not a MariaDB TIME: " + s);
        }
        long hours = digits(s, start, colon);
        long micros = ((hours * 60 + digits(s, colon + 1, colon + 3)) * 60 + digits(s, colon + 4, colon + 6)) * MICROS_PER_SECOND
                + fraction(s, colon + 6);
        return negative ? -micros : micros;
    }

    /** The text MariaDB prints for a DATE whose parts are given (used for invalid dates from the binlog). */
    static String dateText(int year, int month, int day) {
        StringBuilder sb = new StringBuilder(10);
        appendDate(sb, year, month, day);
        return sb.toString();
    }

    /** The text MariaDB prints for a DATETIME/TIMESTAMP of the given precision (fraction digits). */
    static String datetimeText(int year, int month, int day, int hour, int minute, int second, int micros, int precision) {
        StringBuilder sb = new StringBuilder(26);
        appendDate(sb, year, month, day);
        sb.append(' ');
        pad(sb, hour, 2).append(':');
        pad(sb, minute, 2).append(':');
        pad(sb, second, 2);
        if (precision > 0) {
            sb.append('.');
            pad(sb, micros / POW10[6 - precision], precision);
        }
        return sb.toString();
    }

    /** '0000-00-00' for DATE, '0000-00-00 00:00:00[.000…]' for DATETIME and TIMESTAMP. */
    static String zeroText(boolean withTime, int precision) {
        return withTime ? datetimeText(0, 0, 0, 0, 0, 0, 0, precision) : dateText(0, 0, 0);
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    /** Microseconds of an optional '.f…' (1 to 6 digits) starting at {@code dot}. */
    private static int fraction(String s, int dot) {
        if (dot >= s.length()) {
            return 0;
        }
        if (s.charAt(dot) != '.') {
            throw new IllegalArgumentException("unexpected temporal text: " + s);
        }
        int n = s.length() - dot - 1;
        if (n < 1 || n > 6) {
            throw new IllegalArgumentException("unexpected fraction in temporal text: " + s);
        }
        return digits(s, dot + 1, s.length()) * POW10[6 - n];
    }

    private static int digits(String s, int from, int to) {
        if (to > s.length() || from >= to) {
            throw new IllegalArgumentException("unexpected temporal text: " + s);
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) {
                throw new IllegalArgumentException("unexpected temporal text: " + s);
            }
            v = v * 10 + d;
        }
        return v;
    }

    private static void appendDate(StringBuilder sb, int year, int month, int day) {
        pad(sb, year, 4).append('-');
        pad(sb, month, 2).append('-');
        pad(sb, day, 2);
    }

    private static StringBuilder pad(StringBuilder sb, int v, int width) {
        for (int p = width - 1; p > 0 && v < POW10[p]; p--) {
            sb.append('0');
        }
        return sb.append(v);
    }
}
