package dev.sluice.capture.verify;

import dev.sluice.capture.snapshot.KeyRange;
import dev.sluice.capture.snapshot.QueryPacer;
import dev.sluice.model.VerifySql;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.RowHash;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * RowHashes on the source: each row's key and hash (and, with per_column, each column's token) for a
 * key range or for explicit keys, in key order, read in one consistent snapshot like ChecksumRanges.
 * Keyless tables: the open range only, rows ordered by hash and with empty keys.
 */
public final class SourceRowHashes {

    private final QueryPacer pacer;

    public SourceRowHashes(QueryPacer pacer) {
        this.pacer = pacer;
    }

    public RowHashResponse compute(Connection c, RowHashRequest r) throws SQLException, InterruptedException {
        VerifiedTable t = new VerifiedTable(r.getTable());
        Select select = new Select(t, r.getPerColumn());
        try (SourceSnapshot snapshot = SourceSnapshot.begin(c)) {
            RowHashResponse.Builder out = RowHashResponse.newBuilder().setPosition(snapshot.position());
            if (r.getKeysCount() > 0) {
                t.requireKeyed();
                for (List<KeyTuple> batch : KeyList.batches(r.getKeysList())) {
                    pace(r);
                    String sql = select.sql() + KeyList.where(r.getTable().getKeyColumnsList(), batch.size()) + " ORDER BY " + t.keyOrder();
                    try (PreparedStatement ps = c.prepareStatement(sql)) {
                        KeyList.bind(ps, 1, batch, t.key.size());
                        read(ps, select, out);
                    }
                }
            } else {
                KeyRange where = t.range(r.getRange());
                pace(r);
                String order = t.key.isEmpty() ? "1" : t.keyOrder();
                try (PreparedStatement ps = c.prepareStatement(select.sql() + where.where() + " ORDER BY " + order,
                        ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
                    ps.setFetchSize(1000);
                    where.bind(ps);
                    read(ps, select, out);
                }
            }
            return out.build();
        }
    }

    private void pace(RowHashRequest r) throws InterruptedException {
        pacer.awaitTurn(r.getTaskId(), r.getSpec().getThrottle().getFull().getSourceQps());
    }

    private static void read(PreparedStatement ps, Select select, RowHashResponse.Builder out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RowHash row = select.row(rs);
                if (row != null) {
                    out.addRows(row);
                }
            }
        }
    }

    /** The select list: hash, key columns, per-column tokens (when asked), source columns (when filtered). */
    private static final class Select {
        private final VerifiedTable t;
        private final boolean perColumn;
        private final List<String> items = new ArrayList<>();
        /** Per TableSchema column: its position in the select list, or -1 when it is not hashable. */
        private final int[] tokenAt;
        private final int sourceAt;

        Select(VerifiedTable t, boolean perColumn) {
            this.t = t;
            this.perColumn = perColumn;
            items.add(VerifySql.mariaRowHash(t.table));
            if (!t.key.isEmpty()) {
                items.add(t.keySelect());
            }
            int next = 2 + t.key.size();
            tokenAt = new int[t.table.getColumnsCount()];
            for (int i = 0; i < tokenAt.length; i++) {
                ColumnSchema c = t.table.getColumns(i);
                tokenAt[i] = -1;
                if (perColumn && VerifySql.hashable(c)) {
                    items.add(VerifySql.mariaToken(c));
                    tokenAt[i] = next++;
                }
            }
            sourceAt = next;
            if (t.filtered()) {
                items.add(t.sourceSelect());
            }
        }

        String sql() {
            return "SELECT " + String.join(", ", items) + t.from();
        }

        /** @return the row's hash, or null when the ETL filter drops it */
        RowHash row(ResultSet rs) throws SQLException {
            if (!t.kept(rs, sourceAt)) {
                return null;
            }
            RowHash.Builder b = RowHash.newBuilder().setHash(rs.getString(1)).setKey(t.key.isEmpty() ? KeyTuple.getDefaultInstance() : t.readKey(rs, 2));
            if (perColumn) {
                for (int at : tokenAt) {
                    b.addColumnHashes(at < 0 ? "" : rs.getString(at));
                }
            }
            return b.build();
        }
    }
}
