package dev.sluice.apply.schema;

/** PostgreSQL constants in SQL text. */
final class PgLiteral {

    private PgLiteral() {
    }

    /**
     * A string constant. Text holding a backslash uses the E'' form (as quote_literal does), so the
     * statement means the same whatever standard_conforming_strings is.
     *
     * @throws IllegalArgumentException for a NUL character, which no PostgreSQL text can hold
     */
    static String string(String s) {
        if (s.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PostgreSQL text cannot hold a NUL character");
        }
        String quoted = s.replace("'", "''");
        if (s.indexOf('\\') >= 0) {
            return "E'" + quoted.replace("\\", "\\\\") + "'";
        }
        return "'" + quoted + "'";
    }

    /** A bytea constant in hex form: any byte, NUL included. */
    static String bytea(byte[] bytes) {
        StringBuilder sb = new StringBuilder("'\\x");
        for (byte b : bytes) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        // E'' form for the same reason as string(): the backslash of \x must reach the bytea parser.
        return "E" + sb.toString().replace("\\", "\\\\") + "'::bytea";
    }

    /** A bit-string constant, B'0101'. */
    static String bits(String binaryDigits) {
        return "B'" + binaryDigits + "'";
    }
}
