package dev.sluice.precheck.objects;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What information_schema says about one source database: five queries whatever the number of tables
 * (tables, columns, unique keys, foreign-key rules, foreign-key columns), grouped by table in Java.
 */
public record SourceCatalog(
        String database,
        Map<String, TableInfo> tables,
        Map<String, List<ColumnInfo>> columns,
        Map<String, List<UniqueKey>> uniqueKeys,
        Map<String, List<ForeignKey>> foreignKeys) {

    private static final String TABLES = "SELECT TABLE_NAME, TABLE_TYPE, DATA_LENGTH, INDEX_LENGTH "
            + "FROM information_schema.TABLES WHERE TABLE_SCHEMA = ?";
    private static final String COLUMNS = "SELECT TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, DATA_TYPE, COLUMN_TYPE, IS_NULLABLE, "
            + "CHARACTER_SET_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ?";
    private static final String UNIQUE_KEYS = "SELECT TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, COLUMN_NAME "
            + "FROM information_schema.STATISTICS WHERE TABLE_SCHEMA = ? AND NON_UNIQUE = 0";
    private static final String FK_RULES = "SELECT TABLE_NAME, CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE "
            + "FROM information_schema.REFERENTIAL_CONSTRAINTS WHERE CONSTRAINT_SCHEMA = ?";
    private static final String FK_COLUMNS = "SELECT TABLE_NAME, CONSTRAINT_NAME, COLUMN_NAME, ORDINAL_POSITION, "
            + "REFERENCED_TABLE_SCHEMA, REFERENCED_TABLE_NAME, REFERENCED_COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
            + "WHERE TABLE_SCHEMA = ? AND REFERENCED_TABLE_NAME IS NOT NULL";

    public static SourceCatalog read(Connection c, String database) throws SQLException {
        Map<String, TableInfo> tables = new TreeMap<>();
        forEachRow(c, TABLES, database, rs -> tables.put(rs.getString(1),
                new TableInfo(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4))));
        return new SourceCatalog(database, tables, columns(c, database), uniqueKeys(c, database), foreignKeys(c, database));
    }

    public List<ColumnInfo> columnsOf(String table) {
        return columns.getOrDefault(table, List.of());
    }

    public List<UniqueKey> uniqueKeysOf(String table) {
        return uniqueKeys.getOrDefault(table, List.of());
    }

    public List<ForeignKey> foreignKeysOf(String table) {
        return foreignKeys.getOrDefault(table, List.of());
    }

    private static Map<String, List<ColumnInfo>> columns(Connection c, String database) throws SQLException {
        Map<String, List<ColumnInfo>> out = new HashMap<>();
        forEachRow(c, COLUMNS, database, rs -> out.computeIfAbsent(rs.getString(1), t -> new ArrayList<>()).add(new ColumnInfo(
                rs.getString(2), rs.getInt(3), rs.getString(4).toLowerCase(Locale.ROOT), rs.getString(5),
                "YES".equals(rs.getString(6)), rs.getString(7) == null ? "" : rs.getString(7))));
        out.values().forEach(list -> list.sort(Comparator.comparingInt(ColumnInfo::ordinal)));
        return out;
    }

    private static Map<String, List<UniqueKey>> uniqueKeys(Connection c, String database) throws SQLException {
        // table -> index -> position -> column
        Map<String, Map<String, TreeMap<Integer, String>>> parts = new HashMap<>();
        forEachRow(c, UNIQUE_KEYS, database, rs -> parts.computeIfAbsent(rs.getString(1), t -> new LinkedHashMap<>())
                .computeIfAbsent(rs.getString(2), i -> new TreeMap<>()).put(rs.getInt(3), rs.getString(4)));
        Map<String, List<UniqueKey>> out = new HashMap<>();
        parts.forEach((table, indexes) -> {
            List<UniqueKey> keys = new ArrayList<>();
            indexes.forEach((index, columns) -> keys.add(new UniqueKey(index, index.equals("PRIMARY"), List.copyOf(columns.values()))));
            // the primary key first: it is the row identity whenever it is usable
            keys.sort(Comparator.comparing((UniqueKey k) -> !k.primary()).thenComparing(UniqueKey::name));
            out.put(table, keys);
        });
        return out;
    }

    private static Map<String, List<ForeignKey>> foreignKeys(Connection c, String database) throws SQLException {
        record Name(String table, String constraint) {
        }
        record Rules(String onUpdate, String onDelete) {
        }
        record Pair(String column, String referencedDatabase, String referencedTable, String referencedColumn) {
        }
        Map<Name, Rules> rules = new HashMap<>();
        forEachRow(c, FK_RULES, database, rs -> rules.put(new Name(rs.getString(1), rs.getString(2)),
                new Rules(rs.getString(3), rs.getString(4))));
        Map<Name, TreeMap<Integer, Pair>> pairs = new TreeMap<>(Comparator.comparing(Name::table).thenComparing(Name::constraint));
        forEachRow(c, FK_COLUMNS, database, rs -> pairs.computeIfAbsent(new Name(rs.getString(1), rs.getString(2)), n -> new TreeMap<>())
                .put(rs.getInt(4), new Pair(rs.getString(3), rs.getString(5), rs.getString(6), rs.getString(7))));
        Map<String, List<ForeignKey>> out = new HashMap<>();
        pairs.forEach((name, columns) -> {
            // a key dropped or created between the two queries has only one half: the binlog covers such changes
            Rules r = rules.get(name);
            if (r == null) {
                return;
            }
            Pair first = columns.firstEntry().getValue();
            out.computeIfAbsent(name.table(), t -> new ArrayList<>()).add(new ForeignKey(name.constraint(),
                    columns.values().stream().map(Pair::column).toList(), first.referencedDatabase(), first.referencedTable(),
                    columns.values().stream().map(Pair::referencedColumn).toList(), r.onUpdate(), r.onDelete()));
        });
        return out;
    }

    @FunctionalInterface
    private interface RowConsumer {
        void accept(ResultSet rs) throws SQLException;
    }

    private static void forEachRow(Connection c, String sql, String database, RowConsumer consumer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    consumer.accept(rs);
                }
            }
        }
    }
}
