package dev.sluice.model;

import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Verification tokens computed in Java, for the columns MariaDB cannot render in SQL the way PostgreSQL
 * does ({@link VerifySql#tokenInSql} is false): JSON, and columns computed by ETL. Each token equals
 * what {@link VerifySql#pgToken} computes in PostgreSQL for the value written: 'v' + canonical text, or
 * 'n' for NULL.
 */
public final class VerifyTokens {

    private static final Pattern NUMERIC_SCALE = Pattern.compile("numeric\\(\\s*\\d+\\s*,\\s*(\\d+)\\s*\\)");
    private static final HexFormat HEX = HexFormat.of();

    private VerifyTokens() {
    }

    /** The token of a value as written into the column. */
    public static String token(ColumnSchema c, Value v) {
        if (Values.isNullInTarget(v)) {
            return "n";
        }
        return "v" + canonical(c, v);
    }

    /** The row hash of the tokens of {@link VerifySql#hashedColumns}, in that order: PostgreSQL's {@link VerifySql#pgRowHash}. */
    public static String rowHash(List<String> tokens) {
        return md5(String.join("|", tokens).getBytes(StandardCharsets.UTF_8));
    }

    static String canonical(ColumnSchema c, Value v) {
        switch (VerifySql.canon(c)) {
            case JSON: {
                String text = v.hasJsonValue() ? v.getJsonValue() : v.getTextValue();
                // a json column keeps the text as it was written; jsonb keeps its own form of the document
                return md5Utf8("json".equalsIgnoreCase(c.getTargetType().trim()) ? text : JsonbText.of(text));
            }
            case TEXT:
                return md5Utf8(v.getTextValue());
            case INTEGER:
                return v.hasUintValue() ? Values.unsignedToBigInteger(v.getUintValue()).toString() : Long.toString(v.getIntValue());
            case BOOLEAN:
                return v.getIntValue() != 0 ? "1" : "0";
            case DECIMAL:
                return numeric(c.getTargetType(), new BigDecimal(v.getDecimalValue()));
            case FLOAT:
                return doubleBits(v.hasFloatValue() ? v.getFloatValue() : (float) v.getDoubleValue());
            case DOUBLE:
                return doubleBits(v.hasFloatValue() ? v.getFloatValue() : v.getDoubleValue());
            case BYTES:
                return md5(v.getBytesValue().toByteArray());
            default:
                throw new IllegalArgumentException("column " + c.getTargetName() + " has no Java token: " + VerifySql.whyNotHashable(c));
        }
    }

    /** numeric(p,s) rounds half away from zero to s decimals; plain numeric prints the scale it was given. */
    static String numeric(String targetType, BigDecimal value) {
        Matcher m = NUMERIC_SCALE.matcher(targetType.toLowerCase(Locale.ROOT).trim());
        BigDecimal stored = m.matches() ? value.setScale(Integer.parseInt(m.group(1)), RoundingMode.HALF_UP) : value;
        return stored.toPlainString();
    }

    /** float8send's bytes in hex, with -0 as 0 (PostgreSQL's side adds 0). */
    static String doubleBits(double d) {
        return String.format("%016x", Double.doubleToRawLongBits(d + 0.0));
    }

    private static String md5Utf8(String s) {
        return md5(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String md5(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from this JVM", e);
        }
    }
}
