package dev.sluice.apply.dml;

import dev.sluice.apply.value.KeyIndexes;
import dev.sluice.apply.value.RowRenderer;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Set-based statements for runs of changes to one table: multi-row upserts and deletes by key. Values
 * are bound as text of unknown type, so PostgreSQL converts them exactly as COPY does.
 */
final class StatementWriter {

    /** PostgreSQL takes at most 65535 parameters per statement; stay well below. */
    private static final int MAX_PARAMS = 30_000;

    /** Rows per statement: bounds the arrays' size in memory and on the wire. */
    private static final int MAX_ROWS = 5_000;

    private final Connection pg;
    private final java.util.Map<String, String> insertSql = new java.util.HashMap<>();

    StatementWriter(Connection pg) {
        this.pg = pg;
    }

    static String target(TableSchema t) {
        return SqlIdentifiers.pg(t.getTargetSchema(), t.getTargetName());
    }

    static String columns(TableSchema t) {
        return t.getColumnsList().stream().map(c -> SqlIdentifiers.pg(c.getTargetName())).collect(Collectors.joining(", "));
    }

    static String keyColumns(TableSchema t) {
        List<String> out = new ArrayList<>();
        for (int i : KeyIndexes.of(t)) {
            out.add(SqlIdentifiers.pg(t.getColumns(i).getTargetName()));
        }
        return String.join(", ", out);
    }

    /** INSERT ... ON CONFLICT (key) DO UPDATE: inserts and updates with full row images, idempotent on replay. */
    void upsert(TableSchema t, Collection<List<Value>> rows) throws SQLException {
        insert(t, rows, upsertTail(t));
    }

    /**
     * One statement text per table whatever the number of rows: each column's values travel as one text
     * array, cast to the column's base type and unnested. PostgreSQL parses and plans it once per
     * connection (the driver prepares it on the server after a few uses) instead of once per batch of
     * rows, which a VALUES list of every row's parameters costs.
     */
    void insert(TableSchema t, Collection<List<Value>> rows, String tail) throws SQLException {
        int n = t.getColumnsCount();
        List<List<Value>> all = new ArrayList<>(rows);
        String sql = insertSql.computeIfAbsent(t.getDatabase() + "." + t.getName() + tail, k -> "INSERT INTO " + target(t) + " (" + columns(t)
                + ") SELECT * FROM unnest(" + t.getColumnsList().stream().map(c -> "?::" + arrayElementType(c.getTargetType()) + "[]")
                        .collect(Collectors.joining(", ")) + ")" + tail);
        try (PreparedStatement ps = pg.prepareStatement(sql)) {
            for (int from = 0; from < all.size(); from += MAX_ROWS) {
                List<List<Value>> part = all.subList(from, Math.min(all.size(), from + MAX_ROWS));
                for (int i = 0; i < n; i++) {
                    String[] column = new String[part.size()];
                    for (int r = 0; r < column.length; r++) {
                        column[r] = RowRenderer.render(t, part.get(r), i);
                    }
                    ps.setArray(i + 1, pg.createArrayOf("text", column));
                }
                ps.executeUpdate();
            }
        }
    }

    /**
     * The type a column's text array is cast to: the column's type without its length or precision, so
     * that the INSERT's own assignment applies them and fails on a value too long, as it would for a
     * literal, instead of an explicit cast cutting it (varchar(n), char(n), bit(n) would be truncated).
     */
    static String arrayElementType(String targetType) {
        String t = targetType.toLowerCase(java.util.Locale.ROOT).trim();
        if (t.startsWith("varchar") || t.startsWith("character") || t.startsWith("char")) {
            return "text";
        }
        if (t.startsWith("bit")) {
            return "varbit";
        }
        return t.replaceAll("\\s*\\(\\s*\\d+\\s*(,\\s*\\d+\\s*)?\\)", "");
    }

    private static String upsertTail(TableSchema t) {
        List<String> sets = new ArrayList<>();
        java.util.Set<Integer> key = new java.util.HashSet<>();
        for (int i : KeyIndexes.of(t)) {
            key.add(i);
        }
        for (int i = 0; i < t.getColumnsCount(); i++) {
            if (!key.contains(i)) {
                String c = SqlIdentifiers.pg(t.getColumns(i).getTargetName());
                sets.add(c + " = EXCLUDED." + c);
            }
        }
        return " ON CONFLICT (" + keyColumns(t) + ")" + (sets.isEmpty() ? " DO NOTHING" : " DO UPDATE SET " + String.join(", ", sets));
    }

    /** DELETE ... WHERE key IN (...), the keys taken from the rows' before images. */
    void deleteByKey(TableSchema t, Collection<List<Value>> beforeRows) throws SQLException {
        int[] key = KeyIndexes.of(t);
        int perStatement = Math.max(1, MAX_PARAMS / key.length);
        List<List<Value>> all = new ArrayList<>(beforeRows);
        String tuple = key.length == 1 ? "?" : "(" + "?, ".repeat(key.length - 1) + "?)";
        String lhs = key.length == 1 ? keyColumns(t) : "(" + keyColumns(t) + ")";
        for (int from = 0; from < all.size(); from += perStatement) {
            List<List<Value>> part = all.subList(from, Math.min(all.size(), from + perStatement));
            String sql = "DELETE FROM " + target(t) + " WHERE " + lhs + " IN ("
                    + String.join(", ", java.util.Collections.nCopies(part.size(), tuple)) + ")";
            try (PreparedStatement ps = pg.prepareStatement(sql)) {
                int p = 1;
                for (List<Value> row : part) {
                    for (int i : key) {
                        bind(ps, p++, RowRenderer.render(t, row, i));
                    }
                }
                ps.executeUpdate();
            }
        }
    }

    /** An update that changes the key: moves the row (so PostgreSQL's ON UPDATE CASCADE can follow it). */
    int updateByKey(TableSchema t, List<Value> before, List<Value> after) throws SQLException {
        int[] key = KeyIndexes.of(t);
        StringBuilder sql = new StringBuilder("UPDATE ").append(target(t)).append(" SET ");
        for (int i = 0; i < t.getColumnsCount(); i++) {
            sql.append(i > 0 ? ", " : "").append(SqlIdentifiers.pg(t.getColumns(i).getTargetName())).append(" = ?");
        }
        sql.append(" WHERE ");
        for (int k = 0; k < key.length; k++) {
            sql.append(k > 0 ? " AND " : "").append(SqlIdentifiers.pg(t.getColumns(key[k]).getTargetName())).append(" = ?");
        }
        try (PreparedStatement ps = pg.prepareStatement(sql.toString())) {
            int p = 1;
            for (int i = 0; i < t.getColumnsCount(); i++) {
                bind(ps, p++, RowRenderer.render(t, after, i));
            }
            for (int i : key) {
                bind(ps, p++, RowRenderer.render(t, before, i));
            }
            return ps.executeUpdate();
        }
    }

    /** Tables without a key: find one row equal to the before image (NULLs included) and change only it. */
    int changeOneMatching(TableSchema t, List<Value> before, List<Value> afterOrNull) throws SQLException {
        StringBuilder match = new StringBuilder();
        for (int i = 0; i < t.getColumnsCount(); i++) {
            match.append(i > 0 ? " AND " : "").append(SqlIdentifiers.pg(t.getColumns(i).getTargetName())).append(" IS NOT DISTINCT FROM ?");
        }
        String one = "ctid = (SELECT ctid FROM " + target(t) + " WHERE " + match + " LIMIT 1)";
        String sql;
        if (afterOrNull == null) {
            sql = "DELETE FROM " + target(t) + " WHERE " + one;
        } else {
            StringBuilder set = new StringBuilder();
            for (int i = 0; i < t.getColumnsCount(); i++) {
                set.append(i > 0 ? ", " : "").append(SqlIdentifiers.pg(t.getColumns(i).getTargetName())).append(" = ?");
            }
            sql = "UPDATE " + target(t) + " SET " + set + " WHERE " + one;
        }
        try (PreparedStatement ps = pg.prepareStatement(sql)) {
            int p = 1;
            if (afterOrNull != null) {
                for (int i = 0; i < t.getColumnsCount(); i++) {
                    bind(ps, p++, RowRenderer.render(t, afterOrNull, i));
                }
            }
            for (int i = 0; i < t.getColumnsCount(); i++) {
                bind(ps, p++, RowRenderer.render(t, before, i));
            }
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, int index, String text) throws SQLException {
        if (text == null) {
            ps.setNull(index, Types.OTHER);
        } else {
            ps.setString(index, text);
        }
    }
}
