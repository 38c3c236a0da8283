package dev.sluice.apply.verify;

import dev.sluice.apply.value.KeyIndexes;
import dev.sluice.model.PgText;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.VerifySql;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.TableSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A table as verification reads it in the destination: target names, its key, and WHERE clauses for a
 * key range or explicit keys. Bounds and keys are source values, bound as their PostgreSQL text
 * ({@link PgText}) and compared with row constructors, (k1, k2) &gt; (?, ?), which a btree index serves.
 *
 * <p>A bounded range selects the same rows as in MariaDB only when both servers order the key alike
 * ({@link VerifySql#rangesComparable}): MariaDB orders text by its collation (case-insensitive, PAD
 * SPACE), ENUMs by definition order, UUIDs by swapped segments. Such tables are refused here rather than
 * reported as false differences: verify them as one open range, and find rows by explicit keys.
 */
final class VerifiedTarget {

    final TableSchema table;
    final List<ColumnSchema> key = new ArrayList<>();
    /** A query's WHERE text and its parameters (PostgreSQL text, bound untyped). */
    record Where(String sql, List<String> params) {
        int bind(PreparedStatement ps, int index) throws SQLException {
            for (String p : params) {
                ps.setString(index++, p);
            }
            return index;
        }
    }

    VerifiedTarget(TableSchema table) {
        this.table = table;
        for (int i : KeyIndexes.of(table)) {
            key.add(table.getColumns(i));
        }
    }

    String name() {
        return table.getDatabase() + "." + table.getName();
    }

    String from() {
        return " FROM " + SqlIdentifiers.pg(table.getTargetSchema(), table.getTargetName());
    }

    Where range(SnapshotChunk chunk) {
        if (!chunk.getHasLower() && !chunk.getHasUpper()) {
            return new Where("", List.of());
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("table " + name() + " has no key: only the open range (the whole table) can be verified");
        }
        ColumnSchema incompatible = VerifySql.rangeIncompatibleKey(table);
        if (incompatible != null) {
            throw new IllegalArgumentException("key ranges of " + name() + " cannot be compared: MariaDB orders its key column "
                    + incompatible.getName() + " (" + incompatible.getColumnType()
                    + (incompatible.getCollation().isEmpty() ? "" : ", collation " + incompatible.getCollation())
                    + ") differently from PostgreSQL; verify it as one open range and by explicit keys");
        }
        List<String> parts = new ArrayList<>();
        List<String> params = new ArrayList<>();
        if (chunk.getHasLower()) {
            parts.add(keyTuple() + " > " + placeholders());
            params.addAll(render(chunk.getLower()));
        }
        if (chunk.getHasUpper()) {
            parts.add(keyTuple() + " <= " + placeholders());
            params.addAll(render(chunk.getUpper()));
        }
        return new Where(" WHERE " + String.join(" AND ", parts), params);
    }

    Where keys(List<KeyTuple> keys) {
        requireKeyed();
        List<String> params = new ArrayList<>();
        for (KeyTuple k : keys) {
            params.addAll(render(k));
        }
        return new Where(" WHERE " + keyTuple() + " IN (" + String.join(", ", Collections.nCopies(keys.size(), placeholders())) + ")", params);
    }

    void requireKeyed() {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("table " + name() + " has no key: its rows cannot be selected by key");
        }
    }

    /** Qualified: an unqualified name in ORDER BY would mean the select list's column of that name, e.g. "u"::text. */
    String keyOrder() {
        String table = SqlIdentifiers.pg(this.table.getTargetSchema(), this.table.getTargetName());
        return key.stream().map(c -> table + "." + SqlIdentifiers.pg(c.getTargetName())).collect(Collectors.joining(", "));
    }

    private String keyColumns() {
        return key.stream().map(c -> SqlIdentifiers.pg(c.getTargetName())).collect(Collectors.joining(", "));
    }

    String keySelect() {
        return key.stream().map(TargetKeys::select).collect(Collectors.joining(", "));
    }

    KeyTuple readKey(ResultSet rs, int first) throws SQLException {
        KeyTuple.Builder b = KeyTuple.newBuilder();
        for (int i = 0; i < key.size(); i++) {
            b.addValues(TargetKeys.read(rs, first + i, key.get(i)));
        }
        return b.build();
    }

    /** A key's values as PostgreSQL text for the key columns' target types. */
    List<String> render(KeyTuple k) {
        if (k.getValuesCount() != key.size()) {
            throw new IllegalArgumentException("a key of " + k.getValuesCount() + " values for the " + key.size() + " key columns "
                    + table.getKeyColumnsList() + " of " + name());
        }
        List<String> out = new ArrayList<>(key.size());
        for (int i = 0; i < key.size(); i++) {
            out.add(PgText.format(k.getValues(i), key.get(i).getTargetType()));
        }
        return out;
    }

    private String keyTuple() {
        return key.size() == 1 ? keyColumns() : "(" + keyColumns() + ")";
    }

    private String placeholders() {
        return key.size() == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(key.size(), "?")) + ")";
    }
}
