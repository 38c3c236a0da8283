package dev.sluice.apply.schema;

import java.util.Optional;

/**
 * MariaDB string literals as information_schema prints them (COLUMN_DEFAULT, CHECK_CLAUSE): in single
 * quotes, a quote doubled, and backslash escapes for backslash, NUL, newline, carriage return and ^Z
 * (checked against MariaDB 10.11: DEFAULT 'it''s' prints 'it''s', a backslash prints \\, NUL \0).
 */
final class MariaLiteral {

    private MariaLiteral() {
    }

    /** The value of {@code text} when it is exactly one quoted literal; empty for anything else. */
    static Optional<String> unquote(String text) {
        if (text.length() < 2 || text.charAt(0) != '\'' || text.charAt(text.length() - 1) != '\'') {
            return Optional.empty();
        }
        int[] end = new int[1];
        String value = read(text, 0, end);
        return value != null && end[0] == text.length() ? Optional.of(value) : Optional.empty();
    }

    /**
     * Reads the literal starting at the quote at {@code start}.
     *
     * @param end receives the index after the closing quote
     * @return the value, or null when the literal is not closed
     */
    static String read(String s, int start, int[] end) {
        StringBuilder out = new StringBuilder();
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\'') {
                if (i < s.length() && s.charAt(i) == '\'') {
                    out.append('\'');
                    i++;
                    continue;
                }
                end[0] = i;
                return out.toString();
            }
            if (c == '\\' && i < s.length()) {
                out.append(escaped(s.charAt(i++)));
            } else {
                out.append(c);
            }
        }
        return null;
    }

    /** MariaDB's escape sequences; \% and \_ keep their backslash, any other \x is x. */
    private static String escaped(char c) {
        switch (c) {
            case '0':
                return "\0";
            case 'b':
                return "\b";
            case 'n':
                return "\n";
            case 'r':
                return "\r";
            case 't':
                return "\t";
            case 'Z':
                return "\u001a";
            case '%':
            case '_':
                return "\\" + c;
            default:
                return String.valueOf(c);
        }
    }
}
