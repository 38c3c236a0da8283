package dev.sluice.capture.snapshot;

import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.Value;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The WHERE clause of a keyset range, lower &lt; key &lt;= upper, for one or more key columns. Row
 * constructors are spelled out as nested OR/AND so MariaDB's range optimizer uses the key index.
 */
public final class KeyRange {

    private final List<String> columns;
    private final StringBuilder sql = new StringBuilder();
    private final List<Value> params = new ArrayList<>();

    public KeyRange(List<String> keyColumns) {
        this.columns = keyColumns;
    }

    public KeyRange above(KeyTuple lower) {
        add(lower, ">", ">=");
        return this;
    }

    public KeyRange atMost(KeyTuple upper) {
        add(upper, "<", "<=");
        return this;
    }

    public String where() {
        return sql.length() == 0 ? "" : " WHERE " + sql;
    }

    /** Binds the range's parameters starting at index 1; returns the next free index. */
    public int bind(PreparedStatement ps) throws SQLException {
        int i = 1;
        for (Value v : params) {
            SourceParams.bind(ps, i++, v);
        }
        return i;
    }

    private void add(KeyTuple bound, String strict, String lastOp) {
        if (sql.length() > 0) {
            sql.append(" AND ");
        }
        // Leading column first as a plain range, so the optimizer sees an index range at once.
        String first = SqlIdentifiers.maria(columns.get(0));
        sql.append(first).append(strict.equals(">") ? " >= ?" : " <= ?");
        params.add(bound.getValues(0));
        sql.append(" AND ");
        nested(bound, 0, strict, lastOp);
    }

    private void nested(KeyTuple bound, int i, String strict, String lastOp) {
        String col = SqlIdentifiers.maria(columns.get(i));
        if (i == columns.size() - 1) {
            sql.append(col).append(' ').append(lastOp.equals(">=") ? ">" : "<=").append(" ?");
            params.add(bound.getValues(i));
            return;
        }
        sql.append('(').append(col).append(' ').append(strict).append(" ? OR (").append(col).append(" = ? AND ");
        params.add(bound.getValues(i));
        params.add(bound.getValues(i));
        nested(bound, i + 1, strict, lastOp);
        sql.append("))");
    }
}
