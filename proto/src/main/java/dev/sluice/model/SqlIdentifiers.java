package dev.sluice.model;

/** The one way identifiers reach SQL text: always quoted, so case, spaces, quotes and unicode survive. */
public final class SqlIdentifiers {

    private SqlIdentifiers() {
    }

    /** PostgreSQL: "name" with embedded double quotes doubled. */
    public static String pg(String name) {
        requireUsable(name);
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    public static String pg(String schema, String table) {
        return pg(schema) + '.' + pg(table);
    }

    /** MariaDB: `name` with embedded backticks doubled. */
    public static String maria(String name) {
        requireUsable(name);
        return '`' + name.replace("`", "``") + '`';
    }

    public static String maria(String database, String table) {
        return maria(database) + '.' + maria(table);
    }

    private static void requireUsable(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("empty SQL identifier");
        }
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("SQL identifier contains a NUL character");
        }
    }
}
