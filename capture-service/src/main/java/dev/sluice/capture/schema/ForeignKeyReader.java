package dev.sluice.capture.schema;

import dev.sluice.v1.ForeignKeySchema;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The foreign keys of one database, grouped by table, as the source describes them:
 * REFERENTIAL_CONSTRAINTS gives the rules, KEY_COLUMN_USAGE the column pairs. The target names are
 * filled in later by {@link ForeignKeyResolver}, which knows the selection.
 */
final class ForeignKeyReader {

    private static final String RULES = "SELECT CONSTRAINT_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE "
            + "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";
    private static final String COLUMNS = "SELECT TABLE_SCHEMA, TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, "
            + "REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
            + "WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL";

    private ForeignKeyReader() {
    }

    /** @return per table, its foreign keys sorted by name */
    static Map<String, List<ForeignKeySchema>> read(Connection c, String database) throws SQLException {
        Map<Key, ForeignKeySchema.Builder> keys = rules(c, database);
        Map<Key, TreeMap<Integer, Pair>> pairs = new HashMap<>();
        java.util.Set<Key> withoutRules = new java.util.TreeSet<>(Comparator.comparing(Key::table).thenComparing(Key::constraint));
        InformationSchema.forEachRow(c, COLUMNS, database, rs -> {
            Key key = new Key(rs.getString("TABLE_NAME"), rs.getString("CONSTRAINT_NAME"));
            ForeignKeySchema.Builder fk = keys.get(key);
            if (fk == null) {
                withoutRules.add(key);
                return; // created after the rules were read (schema changes are caught by the binlog), or hidden: see below
            }
            fk.setReferencedDatabase(rs.getString("REFERENCED_TABLE_SCHEMA")).setReferencedTable(rs.getString("REFERENCED_TABLE_NAME"));
            pairs.computeIfAbsent(key, k -> new TreeMap<>())
                    .put(rs.getInt("ORDINAL_POSITION"), new Pair(rs.getString("COLUMN_NAME"), rs.getString("REFERENCED_COLUMN_NAME")));
        });
        // MariaDB shows REFERENTIAL_CONSTRAINTS only to accounts with a privilege beyond SELECT on the table,
        // while KEY_COLUMN_USAGE shows the key to SELECT alone: a key without rules, still without them when
        // read again, is hidden. Silently skipping it would lose the ON DELETE/UPDATE CASCADE it carries.
        if (!withoutRules.isEmpty()) {
            withoutRules.removeAll(rules(c, database).keySet());
            if (!withoutRules.isEmpty()) {
                Key k = withoutRules.iterator().next();
                throw new SQLException("cannot read the rules of foreign key " + k.constraint() + " of " + database + "." + k.table()
                        + (withoutRules.size() > 1 ? " (and " + (withoutRules.size() - 1) + " more)" : "")
                        + ": MariaDB shows information_schema.REFERENTIAL_CONSTRAINTS only to accounts with a privilege beyond SELECT;"
                        + " as an administrator, run: GRANT REFERENCES ON `" + database.replace("`", "``") + "`.* TO the source account");
            }
        }
        Map<String, List<ForeignKeySchema>> out = new HashMap<>();
        keys.forEach((key, fk) -> {
            TreeMap<Integer, Pair> columns = pairs.get(key);
            if (columns == null) {
                return; // dropped after the rules were read
            }
            columns.values().forEach(pair -> fk.addColumns(pair.column()).addReferencedColumns(pair.referenced()));
            out.computeIfAbsent(key.table(), t -> new ArrayList<>()).add(fk.build());
        });
        out.values().forEach(list -> list.sort(Comparator.comparing(ForeignKeySchema::getName)));
        return out;
    }

    private static Map<Key, ForeignKeySchema.Builder> rules(Connection c, String database) throws SQLException {
        Map<Key, ForeignKeySchema.Builder> keys = new HashMap<>();
        InformationSchema.forEachRow(c, RULES, database, rs -> keys.put(new Key(rs.getString("TABLE_NAME"), rs.getString("CONSTRAINT_NAME")),
                ForeignKeySchema.newBuilder()
                        .setName(rs.getString("CONSTRAINT_NAME"))
                        .setOnDelete(rs.getString("DELETE_RULE"))
                        .setOnUpdate(rs.getString("UPDATE_RULE"))));
        return keys;
    }

    private record Key(String table, String constraint) {
    }

    private record Pair(String column, String referenced) {
    }
}
