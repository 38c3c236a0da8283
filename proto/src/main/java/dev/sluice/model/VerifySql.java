package dev.sluice.model;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.TableSchema;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The SQL both sides of a verification run: for each column an expression that renders its value as
 * canonical text, the same text in MariaDB (source names) and in PostgreSQL (target names) for values
 * the type mapping maps onto each other; a row hash over those; and an order-independent range sum.
 * Rows never leave their database: only counts, sums and hashes do.
 *
 * <p>Canonical text per column (NULL stays NULL, and so do MariaDB's zero and invalid dates):
 * <ul>
 * <li>integers, BIGINT UNSIGNED, YEAR, TINYINT(1) as boolean: the decimal number ({@code c + 0}: ZEROFILL
 * pads CAST(c AS CHAR); a boolean as 0/1);</li>
 * <li>DECIMAL(p,s): the number with exactly s decimals;</li>
 * <li>FLOAT, DOUBLE: the 16 hex digits of the IEEE 754 double (a FLOAT widened exactly), so the comparison
 * is exact: no tolerance (only -0 and 0 count as one value). PostgreSQL has float8send; MariaDB computes
 * the bits arithmetically (see {@link #mariaDoubleBits});</li>
 * <li>BIT(n): n binary digits;</li>
 * <li>character types, ENUM, SET: MD5 of the UTF-8 text (fixed length: no separator can be faked, and
 * long texts cost 32 characters in the row hash);</li>
 * <li>binary types, BLOBs, geometry: MD5 of the bytes (BINARY(n) with its 0x00 padding; geometry without
 * MariaDB's 4-byte SRID prefix, as Sluice stores it);</li>
 * <li>DATE: YYYY-MM-DD, DATETIME: YYYY-MM-DD HH:MM:SS.ffffff (year 0 is PostgreSQL's 1 BC);</li>
 * <li>TIMESTAMP: seconds since the Unix epoch with 6 decimals (an instant, whatever the time zones);</li>
 * <li>TIME: signed seconds with 6 decimals;</li>
 * <li>UUID: lower-case text; INET4: dotted text (with a prefix length only when not /32); INET6: PostgreSQL's binary inet form in hex (family,
 * prefix length, cidr flag, length, 16 bytes), because the two servers print IPv6 text differently.</li>
 * <li>JSON: MD5 of the text jsonb prints (PostgreSQL: {@code col::text}); MariaDB cannot print that, so
 * capture-service computes the source token in Java ({@link JsonbText}, {@link VerifyTokens});</li>
 * <li>columns computed by ETL: capture-service evaluates the expression and renders the result in Java
 * ({@link VerifyTokens}) the way PostgreSQL renders the column's type here: text, varchar(n), smallint,
 * integer, bigint, numeric, real, double precision, boolean, bytea, json and jsonb.</li>
 * </ul>
 * Not hashable ({@link #hashable}): computed columns of the other types (char(n), uuid, inet, bit(n),
 * timestamps, date, interval: how PostgreSQL rounds or pads them is not rendered in Java). Their tokens
 * are empty and they take no part in row hashes.
 */
public final class VerifySql {

    /** How a column is rendered; decided from the ColumnSchema as capture's ValueKind decides reading. */
    enum Canon {
        INTEGER, BOOLEAN, DECIMAL, FLOAT, DOUBLE, BIT, TEXT, BYTES, GEOMETRY, DATE, DATETIME, TIMESTAMP, TIME,
        UUID, INET4, INET6, JSON, COMPUTED
    }

    private static final Set<String> INTEGERS = Set.of("tinyint", "smallint", "mediumint", "int", "bigint", "year");
    private static final Set<String> CHARACTER = Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext");
    private static final Set<String> BINARY = Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob");
    /** A 60-bit prefix of each row's MD5: sums of millions of them stay exact in SUM(BIGINT UNSIGNED) and sum(bigint). */
    private static final int PREFIX_HEX_DIGITS = 15;

    private VerifySql() {
    }

    static Canon canon(ColumnSchema c) {
        if (!c.getExpression().isEmpty()) {
            Canon computed = computedCanon(c.getTargetType());
            return computed == null ? Canon.COMPUTED : computed;
        }
        String type = c.getDataType().toLowerCase(Locale.ROOT);
        if (INTEGERS.contains(type)) {
            return "boolean".equals(c.getTargetType()) ? Canon.BOOLEAN : Canon.INTEGER;
        }
        if (CHARACTER.contains(type)) {
            // CHARACTER SET binary makes them BINARY/VARBINARY/BLOB (capture reads them as bytes).
            return "binary".equals(c.getCharset()) ? Canon.BYTES : Canon.TEXT;
        }
        if (BINARY.contains(type)) {
            return Canon.BYTES;
        }
        if (TypeMapping.isGeometry(type)) {
            return Canon.GEOMETRY;
        }
        switch (type) {
            case "decimal":
                return Canon.DECIMAL;
            case "float":
                return Canon.FLOAT;
            case "double":
                return Canon.DOUBLE;
            case "bit":
                return Canon.BIT;
            case "enum":
            case "set":
                return Canon.TEXT;
            case "date":
                return Canon.DATE;
            case "datetime":
                return Canon.DATETIME;
            case "timestamp":
                return Canon.TIMESTAMP;
            case "time":
                return Canon.TIME;
            case "json":
                return Canon.JSON;
            case "uuid":
                return Canon.UUID;
            case "inet4":
                return Canon.INET4;
            case "inet6":
                return Canon.INET6;
            default:
                throw new IllegalArgumentException("no verification form for MariaDB type " + c.getColumnType() + " (column " + c.getName() + ")");
        }
    }

    /**
     * How the value of a column computed by ETL is compared, from its PostgreSQL type; null for the
     * types whose rendering is not reproduced in Java (see the class comment).
     */
    static Canon computedCanon(String targetType) {
        String t = targetType.toLowerCase(Locale.ROOT).trim();
        if (t.equals("text") || t.equals("varchar") || t.startsWith("varchar(") || t.startsWith("character varying")) {
            return Canon.TEXT;
        }
        if (t.equals("numeric") || t.startsWith("numeric(")) {
            return Canon.DECIMAL;
        }
        switch (t) {
            case "smallint", "integer", "bigint":
                return Canon.INTEGER;
            case "real":
                return Canon.FLOAT;
            case "double precision":
                return Canon.DOUBLE;
            case "boolean":
                return Canon.BOOLEAN;
            case "bytea":
                return Canon.BYTES;
            case "json", "jsonb":
                return Canon.JSON;
            default:
                return null;
        }
    }

    /**
     * True when MariaDB computes the column's token in SQL; false for JSON and computed columns, whose
     * source tokens capture-service renders in Java ({@link VerifyTokens}).
     */
    public static boolean tokenInSql(ColumnSchema c) {
        return hashable(c) && c.getExpression().isEmpty() && canon(c) != Canon.JSON;
    }

    /** True when the source side of a row hash needs rows in Java: a column hashed by {@link VerifyTokens}. */
    public static boolean tokensInJava(TableSchema t) {
        for (ColumnSchema c : hashedColumns(t)) {
            if (!tokenInSql(c)) {
                return true;
            }
        }
        return false;
    }

    /** True when both sides can render the column as the same text (then it is part of row hashes). */
    public static boolean hashable(ColumnSchema c) {
        return whyNotHashable(c) == null;
    }

    /** @return why a column takes no part in hashes, or null when it does */
    public static String whyNotHashable(ColumnSchema c) {
        if (canon(c) == Canon.COMPUTED) {
            return "computed by ETL as " + c.getTargetType() + ", a type whose PostgreSQL rendering verification does not reproduce";
        }
        return null;
    }

    /** The hashable columns of a table as written, in TableSchema order: the row hash covers exactly these. */
    public static List<ColumnSchema> hashedColumns(TableSchema t) {
        List<ColumnSchema> out = new ArrayList<>();
        for (ColumnSchema c : t.getColumnsList()) {
            if (hashable(c)) {
                out.add(c);
            }
        }
        return out;
    }

    /** MariaDB: the canonical text of a source column (NULL for NULL and for zero or invalid dates). */
    public static String maria(ColumnSchema c) {
        if (!tokenInSql(c)) {
            throw new IllegalArgumentException("column " + c.getName() + " is not rendered in SQL: its token comes from VerifyTokens");
        }
        String col = SqlIdentifiers.maria(c.getName());
        switch (canon(c)) {
            case INTEGER:
            case BOOLEAN:
                return "CAST(" + col + " + 0 AS CHAR)";
            case DECIMAL:
                return "CAST(CAST(" + col + " AS DECIMAL(" + c.getNumericPrecision() + "," + c.getNumericScale() + ")) AS CHAR)";
            case FLOAT:
                return mariaDoubleBits("CAST(" + col + " AS DOUBLE)");
            case DOUBLE:
                return mariaDoubleBits(col);
            case BIT:
                return "LPAD(BIN(" + col + "), " + Math.max(1, c.getNumericPrecision()) + ", '0')";
            case TEXT:
                return "MD5(CONVERT(" + col + " USING utf8mb4))";
            case BYTES:
                return "MD5(" + col + ")";
            case GEOMETRY:
                return "MD5(SUBSTRING(" + col + ", 5))";
            case DATE:
                return "CASE WHEN " + mariaValidDate(col) + " THEN DATE_FORMAT(" + col + ", '%Y-%m-%d') END";
            case DATETIME:
                return "CASE WHEN " + mariaValidDate(col) + " THEN DATE_FORMAT(" + col + ", '%Y-%m-%d %H:%i:%s.%f') END";
            case TIMESTAMP:
                // The zero TIMESTAMP is epoch 0, a value no real TIMESTAMP has (they start at 1 s).
                return "CAST(CAST(NULLIF(UNIX_TIMESTAMP(" + col + "), 0) AS DECIMAL(20,6)) AS CHAR)";
            case TIME:
                return "CAST(CAST(TIME_TO_SEC(" + col + ") AS DECIMAL(20,6)) AS CHAR)";
            case UUID:
            case INET4:
                return "CAST(" + col + " AS CHAR)";
            case INET6:
                // inet_send's header for a /128 IPv6 host: family 3, 128 bits, not cidr, 16 bytes.
                return "CONCAT('03800010', LOWER(HEX(CAST(" + col + " AS BINARY(16)))))";
            default:
                throw new IllegalArgumentException("column " + c.getName() + " is not hashable: " + whyNotHashable(c));
        }
    }

    /** PostgreSQL: the canonical text of a target column; equal to {@link #maria} for values Sluice maps onto each other. */
    public static String pg(ColumnSchema c) {
        String col = SqlIdentifiers.pg(c.getTargetName());
        switch (canon(c)) {
            case INTEGER:
                return col + "::text";
            case BOOLEAN:
                return "(" + col + "::int)::text";
            case DECIMAL:
                return col + "::text";
            case FLOAT:
            case DOUBLE:
                // + 0 turns -0 into 0: MariaDB's snapshot reads a stored -0 as 0, so the two zeros count as one value.
                return "encode(float8send(" + col + "::float8 + 0::float8), 'hex')";
            case BIT:
                return col + "::text";
            case TEXT:
            case BYTES:
            case GEOMETRY:
                return "md5(" + col + ")";
            case JSON:
                return "md5(" + col + "::text)";
            case DATE:
                // PostgreSQL has no year 0: MariaDB's 0000 is 1 BC, which to_char prints as 0001.
                return "CASE WHEN " + col + " < DATE '0001-01-01' THEN '0000' || to_char(" + col + ", '-MM-DD') ELSE to_char("
                        + col + ", 'YYYY-MM-DD') END";
            case DATETIME:
                return "CASE WHEN " + col + " < TIMESTAMP '0001-01-01 00:00:00' THEN '0000' || to_char(" + col
                        + ", '-MM-DD HH24:MI:SS.US') ELSE to_char(" + col + ", 'YYYY-MM-DD HH24:MI:SS.US') END";
            case TIMESTAMP:
            case TIME:
                return "extract(epoch from " + col + ")::numeric(20,6)::text";
            case UUID:
                return col + "::text";
            case INET4:
                // abbrev prints what inet's output does (no /32 for a host); ::text always adds the prefix length.
                return "abbrev(" + col + ")";
            case INET6:
                return "encode(inet_send(" + col + "), 'hex')";
            default:
                throw new IllegalArgumentException("column " + c.getTargetName() + " is not hashable: " + whyNotHashable(c));
        }
    }

    /** MariaDB: a column's token, 'v' + canonical text, or 'n' for NULL (so NULL, '' and 'n' all differ). */
    public static String mariaToken(ColumnSchema c) {
        return "COALESCE(CONCAT('v', " + maria(c) + "), 'n')";
    }

    public static String pgToken(ColumnSchema c) {
        return "coalesce('v' || " + pg(c) + ", 'n')";
    }

    /**
     * MariaDB: MD5 (32 hex digits) of the hashed columns' tokens joined with '|' (no token contains '|').
     * Only for tables without {@link #tokensInJava}: the others' row hashes are {@link VerifyTokens#rowHash}.
     */
    public static String mariaRowHash(TableSchema t) {
        if (tokensInJava(t)) {
            throw new IllegalArgumentException("table " + t.getName() + " has columns hashed in Java: use VerifyTokens.rowHash");
        }
        List<String> tokens = new ArrayList<>();
        for (ColumnSchema c : hashedColumns(t)) {
            tokens.add(mariaToken(c));
        }
        return tokens.isEmpty() ? "MD5('')" : "MD5(CONCAT_WS('|', " + String.join(", ", tokens) + "))";
    }

    public static String pgRowHash(TableSchema t) {
        List<String> tokens = new ArrayList<>();
        for (ColumnSchema c : hashedColumns(t)) {
            tokens.add(pgToken(c));
        }
        return tokens.isEmpty() ? "md5('')" : "md5(concat_ws('|', " + String.join(", ", tokens) + "))";
    }

    /** MariaDB aggregate: the exact sum of the rows' 60-bit hash prefixes, 0 for no rows (order-independent). */
    public static String mariaRangeSum(String rowHash) {
        return "COALESCE(SUM(CAST(CONV(SUBSTRING(" + rowHash + ", 1, " + PREFIX_HEX_DIGITS + "), 16, 10) AS UNSIGNED)), 0)";
    }

    public static String pgRangeSum(String rowHash) {
        return "coalesce(sum(('x' || substr(" + rowHash + ", 1, " + PREFIX_HEX_DIGITS + "))::bit(60)::bigint), 0)";
    }

    /** The summand of one row hash, for sums taken outside SQL (rows an ETL filter must see first). */
    public static BigInteger rangeSummand(String rowHash) {
        return new BigInteger(rowHash.substring(0, PREFIX_HEX_DIGITS), 16);
    }

    /** A range sum as both sides report it: plain decimal digits. */
    public static String sumText(String sqlSum) {
        return new BigInteger(sqlSum.trim()).toString();
    }

    /**
     * True when MariaDB and PostgreSQL order this key column's values the same way, so a key range
     * (lower, upper] selects the same rows on both sides. Character types, ENUM (definition order), SET
     * (bit order) and UUID (MariaDB sorts by swapped segments) order differently: tables keyed by them
     * are compared as one open range or by explicit keys.
     */
    public static boolean orderCompatible(ColumnSchema c) {
        switch (canon(c)) {
            case INTEGER:
            case BOOLEAN:
            case DECIMAL:
            case FLOAT:
            case DOUBLE:
            case BIT:
            case BYTES:
            case DATE:
            case DATETIME:
            case TIMESTAMP:
            case TIME:
            case INET4:
            case INET6:
                return true;
            default:
                return false;
        }
    }

    /** @return the first key column whose order differs between the two servers, or null when ranges are comparable */
    public static ColumnSchema rangeIncompatibleKey(TableSchema t) {
        for (String k : t.getKeyColumnsList()) {
            for (ColumnSchema c : t.getColumnsList()) {
                if (c.getName().equals(k) && !orderCompatible(c)) {
                    return c;
                }
            }
        }
        return null;
    }

    /** True when bounded key ranges select the same rows in MariaDB and PostgreSQL (a keyed table, every key column compatible). */
    public static boolean rangesComparable(TableSchema t) {
        return t.getKeyColumnsCount() > 0 && rangeIncompatibleKey(t) == null;
    }

    /**
     * MariaDB has no float8send: the IEEE 754 bits of a double {@code x} are computed exactly. The binary
     * exponent is FLOOR(LOG2(|x|)), corrected by one where LOG2 rounds across a power of two (clamped to
     * 1023, as LOG2 of the largest doubles may round up to 1024); |x| divided by a power of two is exact,
     * so the 53-bit mantissa comes out as an exact integer. Subnormals have exponent field 0 and
     * mantissa |x| / 2^-1074; both zeros give 0 (so does PostgreSQL's side). Pinned against Java's
     * Double.doubleToRawLongBits for every power of two, its neighbours and random bit patterns.
     */
    static String mariaDoubleBits(String x) {
        String a = "ABS(" + x + ")";
        String e0 = "LEAST(FLOOR(LOG2(" + a + ")), 1023)";
        String e = "CAST(" + e0 + " + (" + a + " / POW(2, " + e0 + ") >= 2) - (" + a + " / POW(2, " + e0 + ") < 1) AS SIGNED)";
        String normal = "(" + e + " + 1023) * 4503599627370496 + CAST(" + a + " / POW(2, " + e + " - 52) AS UNSIGNED) - 4503599627370496";
        String subnormal = "CAST(" + a + " / POW(2, -1074) AS UNSIGNED)";
        // CAST to UNSIGNED before HEX: HEX of a DECIMAL goes through a double and loses the low bits.
        return "LPAD(LOWER(HEX(CAST(CASE WHEN " + x + " = 0 THEN 0 WHEN " + a + " < 2.2250738585072014e-308 THEN " + subnormal
                + " ELSE " + normal + " END + IF(" + x + " < 0, 9223372036854775808, 0) AS UNSIGNED))), 16, '0')";
    }

    /**
     * MariaDB: the date part is a calendar date (proleptic Gregorian, year 0 a leap year), as capture
     * decides when it turns zero and invalid dates ('0000-00-00', '2024-00-10', '2021-02-31') into NULL.
     * MariaDB's own date functions treat year 0 as a common year, so the rule is spelled out.
     */
    static String mariaValidDate(String col) {
        String y = "YEAR(" + col + ")";
        String m = "MONTH(" + col + ")";
        String leap = "(" + y + " % 4 = 0 AND (" + y + " % 100 <> 0 OR " + y + " % 400 = 0))";
        return m + " BETWEEN 1 AND 12 AND DAYOFMONTH(" + col + ") BETWEEN 1 AND CASE " + m + " WHEN 2 THEN IF(" + leap
                + ", 29, 28) WHEN 4 THEN 30 WHEN 6 THEN 30 WHEN 9 THEN 30 WHEN 11 THEN 30 ELSE 31 END";
    }
}
