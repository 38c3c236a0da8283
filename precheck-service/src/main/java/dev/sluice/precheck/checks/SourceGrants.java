package dev.sluice.precheck.checks;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The privileges in the lines of MariaDB's SHOW GRANTS, e.g.
 * {@code GRANT SELECT (`id`, `na,me`) ON `shop`.`orders` TO `u`@`%`}. Quoted names may hold commas,
 * parentheses and spaces, so lines are scanned, not split. Role memberships, PROXY and routine grants
 * are not about reading tables and are skipped.
 */
final class SourceGrants {

    enum Level { GLOBAL, DATABASE, TABLE }

    /**
     * @param database a LIKE pattern for database-level grants (MariaDB allows _ and % there), a plain name for table grants
     * @param privileges upper-case privilege name -> its columns, empty for the whole object
     */
    record Grant(Level level, String database, String table, Map<String, Set<String>> privileges) {
    }

    private final List<Grant> grants;
    private final boolean caseSensitiveNames;

    private SourceGrants(List<Grant> grants, boolean caseSensitiveNames) {
        this.grants = grants;
        this.caseSensitiveNames = caseSensitiveNames;
    }

    /** @param caseSensitiveNames false when lower_case_table_names is not 0 */
    static SourceGrants parse(Collection<String> lines, boolean caseSensitiveNames) {
        List<Grant> out = new ArrayList<>();
        for (String line : lines) {
            Grant g = parseLine(line);
            if (g != null) {
                out.add(g);
            }
        }
        return new SourceGrants(out, caseSensitiveNames);
    }

    List<Grant> grants() {
        return grants;
    }

    /** True when any of the privileges is held on *.* (ALL PRIVILEGES counts for every one). */
    boolean global(String... privileges) {
        return grants.stream().filter(g -> g.level() == Level.GLOBAL).anyMatch(g -> holdsAny(g, privileges));
    }

    /** SELECT on every table of the database, present and future: global or database level. */
    boolean selectDatabase(String database) {
        return global("SELECT") || grants.stream()
                .filter(g -> g.level() == Level.DATABASE && matchesPattern(g.database(), database))
                .anyMatch(g -> holdsAny(g, "SELECT"));
    }

    /**
     * SELECT on a table: at database level or above, on the table, or (when the task lists its columns) on each
     * of those columns. Column grants do not count for a whole table: information_schema shows such an account
     * only the granted columns, so "all columns" would silently become "the granted columns".
     */
    boolean selectTable(String database, String table, List<String> listedColumns) {
        if (selectDatabase(database)) {
            return true;
        }
        Set<String> granted = new HashSet<>();
        for (Grant g : grants) {
            if (g.level() != Level.TABLE || !sameName(g.database(), database) || !sameName(g.table(), table)) {
                continue;
            }
            if (holdsAny(g, "SELECT")) {
                return true;
            }
            // column names are case-insensitive in MariaDB, whatever the platform
            g.privileges().getOrDefault("SELECT", Set.of()).forEach(c -> granted.add(c.toLowerCase(Locale.ROOT)));
        }
        return !listedColumns.isEmpty() && listedColumns.stream().allMatch(c -> granted.contains(c.toLowerCase(Locale.ROOT)));
    }

    /** Whole-object privilege (not a column grant) named, or ALL. */
    private static boolean holdsAny(Grant g, String... privileges) {
        if (g.privileges().containsKey("ALL")) {
            return true;
        }
        for (String p : privileges) {
            Set<String> columns = g.privileges().get(p);
            if (columns != null && columns.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private boolean sameName(String a, String b) {
        return caseSensitiveNames ? a.equals(b) : a.equalsIgnoreCase(b);
    }

    /** MariaDB's database-level patterns: _ one character, % any, backslash escapes either. */
    private boolean matchesPattern(String pattern, String database) {
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char ch = pattern.charAt(i);
            if (ch == '\\' && i + 1 < pattern.length()) {
                regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
            } else if (ch == '_') {
                regex.append('.');
            } else if (ch == '%') {
                regex.append(".*");
            } else {
                regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        int flags = Pattern.DOTALL | (caseSensitiveNames ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        return Pattern.compile(regex.toString(), flags).matcher(database).matches();
    }

    // ------------------------------------------------------------------ parsing

    /** @return null for lines that grant no privileges on tables */
    static Grant parseLine(String line) {
        String s = line.strip();
        if (!s.regionMatches(true, 0, "GRANT ", 0, 6)) {
            return null;
        }
        int on = findKeyword(s, " ON ", 6);
        if (on < 0) {
            return null; // GRANT `role` TO ...
        }
        int to = findKeyword(s, " TO ", on + 4);
        if (to < 0) {
            return null;
        }
        Map<String, Set<String>> privileges = privileges(s.substring(6, on));
        String object = s.substring(on + 4, to).strip();
        if (privileges.isEmpty() || privileges.containsKey("PROXY") || !object.startsWith("`") && !object.startsWith("*")) {
            return null; // PROXY ON user, PROCEDURE / FUNCTION / PACKAGE objects
        }
        List<String> parts = objectParts(object);
        if (parts.size() != 2) {
            return null;
        }
        if (parts.get(0) == null) {
            return parts.get(1) == null ? new Grant(Level.GLOBAL, null, null, privileges) : null;
        }
        if (parts.get(1) == null) {
            return new Grant(Level.DATABASE, parts.get(0), null, privileges);
        }
        return new Grant(Level.TABLE, parts.get(0), parts.get(1), privileges);
    }

    /** Position of a keyword outside backquotes, single quotes and parentheses, or -1. */
    private static int findKeyword(String s, String keyword, int from) {
        int depth = 0;
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    if (i + 1 < s.length() && s.charAt(i + 1) == quote) {
                        i++;
                    } else {
                        quote = 0;
                    }
                } else if (ch == '\\' && quote == '\'') {
                    i++;
                }
                continue;
            }
            if (ch == '`' || ch == '\'') {
                quote = ch;
            } else if (ch == '(') {
                depth++;
            } else if (ch == ')') {
                depth--;
            } else if (depth == 0 && s.regionMatches(true, i, keyword, 0, keyword.length())) {
                return i;
            }
        }
        return -1;
    }

    /** "SELECT, INSERT (`a`, `b`), REPLICATION SLAVE" -> {SELECT=[], INSERT=[a, b], REPLICATION SLAVE=[]}. */
    private static Map<String, Set<String>> privileges(String list) {
        Map<String, Set<String>> out = new HashMap<>();
        int i = 0;
        while (i < list.length()) {
            int end = i;
            int open = -1;
            char quote = 0;
            int depth = 0;
            for (; end < list.length(); end++) {
                char ch = list.charAt(end);
                if (quote != 0) {
                    if (ch == quote) {
                        if (end + 1 < list.length() && list.charAt(end + 1) == quote) {
                            end++;
                        } else {
                            quote = 0;
                        }
                    }
                } else if (ch == '`') {
                    quote = ch;
                } else if (ch == '(') {
                    if (depth++ == 0) {
                        open = end;
                    }
                } else if (ch == ')') {
                    depth--;
                } else if (ch == ',' && depth == 0) {
                    break;
                }
            }
            String item = list.substring(i, end).strip();
            if (!item.isEmpty()) {
                String name = (open < 0 ? item : list.substring(i, open)).strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
                Set<String> columns = new HashSet<>();
                if (open >= 0) {
                    columns.addAll(quotedNames(list.substring(open + 1, list.lastIndexOf(')', end))));
                }
                out.merge(normalize(name), columns, (a, b) -> {
                    // a whole-object grant beats column grants of the same privilege
                    if (a.isEmpty() || b.isEmpty()) {
                        return new HashSet<>();
                    }
                    a.addAll(b);
                    return a;
                });
            }
            i = end + 1;
        }
        return out;
    }

    private static String normalize(String privilege) {
        switch (privilege) {
            case "ALL PRIVILEGES":
                return "ALL";
            case "REPLICATION REPLICA":
                return "REPLICATION SLAVE";
            default:
                return privilege;
        }
    }

    /** `a`, `b``c` -> [a, b`c]; also accepts bare names. */
    private static List<String> quotedNames(String list) {
        List<String> out = new ArrayList<>();
        StringBuilder name = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < list.length(); i++) {
            char ch = list.charAt(i);
            if (quoted) {
                if (ch == '`') {
                    if (i + 1 < list.length() && list.charAt(i + 1) == '`') {
                        name.append('`');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    name.append(ch);
                }
            } else if (ch == '`') {
                quoted = true;
            } else if (ch == ',') {
                out.add(name.toString().strip());
                name.setLength(0);
            } else {
                name.append(ch);
            }
        }
        if (!name.toString().isBlank()) {
            out.add(name.toString().strip());
        }
        return out;
    }

    /** `db`.`table`, `db`.*, *.* -> [db, table], [db, null], [null, null]: null is the wildcard, a quoted * a name. */
    private static List<String> objectParts(String object) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < object.length()) {
            char ch = object.charAt(i);
            if (ch == '`') {
                StringBuilder name = new StringBuilder();
                i++;
                while (i < object.length()) {
                    char c = object.charAt(i);
                    if (c == '`') {
                        if (i + 1 < object.length() && object.charAt(i + 1) == '`') {
                            name.append('`');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    name.append(c);
                    i++;
                }
                out.add(name.toString());
            } else if (ch == '*') {
                out.add(null);
                i++;
            } else if (ch == '.') {
                i++;
            } else {
                return List.of();
            }
        }
        return out;
    }
}
