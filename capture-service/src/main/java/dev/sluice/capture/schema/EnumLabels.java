package dev.sluice.capture.schema;

import java.util.ArrayList;
import java.util.List;

/**
 * The labels of an ENUM or SET from its COLUMN_TYPE, e.g. {@code enum('a''b','x,y','','back\\slash')}.
 * MariaDB writes each label as a quoted literal: a quote inside is doubled, a backslash and the control
 * characters NUL, LF and CR are backslash-escaped, everything else (commas, parentheses, tabs, unicode)
 * is verbatim. So the list cannot be split on commas: it is scanned literal by literal.
 */
final class EnumLabels {

    private EnumLabels() {
    }

    static List<String> parse(String columnType) {
        int open = columnType.indexOf('(');
        if (open < 0) {
            throw new IllegalArgumentException("no label list in column type " + columnType);
        }
        List<String> labels = new ArrayList<>();
        int i = open + 1;
        while (true) {
            i = expect(columnType, i, '\'');
            StringBuilder label = new StringBuilder();
            while (true) {
                char ch = charAt(columnType, i++);
                if (ch == '\'') {
                    if (i < columnType.length() && columnType.charAt(i) == '\'') {
                        label.append('\'');
                        i++;
                        continue;
                    }
                    break;
                }
                if (ch == '\\') {
                    label.append(unescape(charAt(columnType, i++)));
                    continue;
                }
                label.append(ch);
            }
            labels.add(label.toString());
            char next = charAt(columnType, i++);
            if (next == ')') {
                return labels;
            }
            if (next != ',') {
                throw malformed(columnType);
            }
        }
    }

    /** The escapes of MariaDB's string literals; any other escaped character stands for itself. */
    private static char unescape(char escaped) {
        switch (escaped) {
            case '0':
                return '\0';
            case 'n':
                return '\n';
            case 'r':
                return '\r';
            case 't':
                return '\t';
            case 'b':
                return '\b';
            case 'Z':
                return '\u001a';
            default:
                return escaped;
        }
    }

    private static int expect(String s, int i, char wanted) {
        if (charAt(s, i) != wanted) {
            throw malformed(s);
        }
        return i + 1;
    }

    private static char charAt(String s, int i) {
        if (i >= s.length()) {
            throw malformed(s);
        }
        return s.charAt(i);
    }

    private static IllegalArgumentException malformed(String columnType) {
        return new IllegalArgumentException("cannot parse the labels of column type " + columnType);
    }
}
