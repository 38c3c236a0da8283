package dev.sluice.capture.binlog;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises schema changes to synchronized tables in QUERY events. Replicating DDL is not supported
 * yet, so such a statement stops the task before any later row can land in the wrong column.
 */
final class DdlGuard {

    private static final Pattern DDL = Pattern.compile(
            "^\\s*(?:/\\*.*?\\*/\\s*)*(ALTER\\s+(?:ONLINE\\s+|IGNORE\\s+)*TABLE|RENAME\\s+TABLES?|DROP\\s+(?:TEMPORARY\\s+)?TABLES?|TRUNCATE(?:\\s+TABLE)?"
                    + "|CREATE\\s+(?:OR\\s+REPLACE\\s+)?(?:UNIQUE\\s+|FULLTEXT\\s+|SPATIAL\\s+)?INDEX|DROP\\s+INDEX|CREATE\\s+(?:OR\\s+REPLACE\\s+)?TABLE|DROP\\s+DATABASE|DROP\\s+SCHEMA)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    /** A table reference: `db`.`t`, db.t, `t` or t (backticks may hold anything, doubled backticks escape). */
    private static final Pattern NAME = Pattern.compile("(`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+)(?:\\s*\\.\\s*(`(?:[^`]|``)+`|[\\p{L}\\p{N}_$]+))?");

    private final Set<String> selected;
    private final Set<String> databases;

    /** @param selected "db.table" of every synchronized table (source names) */
    DdlGuard(Set<String> selected, Set<String> databases) {
        this.selected = selected;
        this.databases = databases;
    }

    /** @return the synchronized table the statement changes, or null when it touches none */
    String affectedTable(String defaultDatabase, String sql) {
        Matcher m = DDL.matcher(sql);
        if (!m.find()) {
            return null;
        }
        String verb = m.group(1).toUpperCase(Locale.ROOT);
        String rest = sql.substring(m.end());
        if (verb.startsWith("DROP DATABASE") || verb.startsWith("DROP SCHEMA")) {
            Matcher n = NAME.matcher(stripIfExists(rest));
            if (n.find() && databases.contains(unquote(n.group(1)))) {
                return unquote(n.group(1)) + ".*";
            }
            return null;
        }
        List<String[]> refs = new ArrayList<>();
        if (verb.startsWith("RENAME") || verb.startsWith("DROP TABLE") || verb.startsWith("DROP TEMPORARY")) {
            // a TO b, c TO d / a, b, c: every name listed matters
            for (String part : stripIfExists(rest).split("(?i),|\\bTO\\b")) {
                addFirstRef(part, refs);
            }
        } else if (verb.endsWith("INDEX")) {
            int on = indexOfWord(rest, "ON");
            if (on >= 0) {
                addFirstRef(rest.substring(on + 2), refs);
            }
        } else {
            addFirstRef(stripIfExists(rest).replaceFirst("(?i)^\\s*IF\\s+NOT\\s+EXISTS\\s+", ""), refs);
        }
        for (String[] ref : refs) {
            String db = ref[0] == null ? defaultDatabase : ref[0];
            if (db != null && selected.contains(db + "." + ref[1])) {
                return db + "." + ref[1];
            }
        }
        return null;
    }

    private static void addFirstRef(String text, List<String[]> out) {
        Matcher n = NAME.matcher(text);
        if (n.find() && n.start() == leadingSpace(text)) {
            String first = unquote(n.group(1));
            out.add(n.group(2) == null ? new String[] {null, first} : new String[] {first, unquote(n.group(2))});
        }
    }

    private static int leadingSpace(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int indexOfWord(String s, String word) {
        Matcher m = Pattern.compile("(?i)\\b" + word + "\\b").matcher(s);
        return m.find() ? m.start() : -1;
    }

    private static String stripIfExists(String s) {
        return s.replaceFirst("(?i)^\\s*IF\\s+EXISTS\\s+", "");
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && s.startsWith("`") && s.endsWith("`")) {
            return s.substring(1, s.length() - 1).replace("``", "`");
        }
        return s;
    }
}
