package dev.sluice.capture.schema;

import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads MariaDB's CHECK_CLAUSE text, which the server prints normalized: column names always in
 * backticks (a backtick inside doubled), string literals in single quotes with backslash escapes.
 */
final class CheckClauses {

    private static final Pattern JSON_VALID = Pattern.compile("json_valid\\(`((?:[^`]|``)+)`\\)", Pattern.CASE_INSENSITIVE);

    private CheckClauses() {
    }

    /** The column of a clause that is exactly {@code json_valid(`col`)}: the mark of MariaDB's JSON type. */
    static Optional<String> jsonValidColumn(String clause) {
        Matcher m = JSON_VALID.matcher(clause.strip());
        return m.matches() ? Optional.of(m.group(1).replace("``", "`")) : Optional.empty();
    }

    /** The backtick-quoted identifiers of a clause (the columns it uses), skipping string literals. */
    static Set<String> identifiers(String clause) {
        Set<String> out = new LinkedHashSet<>();
        int i = 0;
        while (i < clause.length()) {
            char ch = clause.charAt(i);
            if (ch == '\'' || ch == '"') {
                i = skipLiteral(clause, i);
            } else if (ch == '`') {
                StringBuilder name = new StringBuilder();
                i++;
                while (i < clause.length()) {
                    char c = clause.charAt(i++);
                    if (c == '`') {
                        if (i < clause.length() && clause.charAt(i) == '`') {
                            name.append('`');
                            i++;
                            continue;
                        }
                        break;
                    }
                    name.append(c);
                }
                out.add(name.toString());
            } else {
                i++;
            }
        }
        return out;
    }

    /** @return the index after the literal that starts at {@code start} */
    private static int skipLiteral(String s, int start) {
        char quote = s.charAt(start);
        int i = start + 1;
        while (i < s.length()) {
            char c = s.charAt(i++);
            if (c == '\\') {
                i++;
            } else if (c == quote) {
                if (i < s.length() && s.charAt(i) == quote) {
                    i++;
                } else {
                    return i;
                }
            }
        }
        return i;
    }
}
