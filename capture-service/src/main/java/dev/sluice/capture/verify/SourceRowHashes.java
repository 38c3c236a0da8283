package dev.sluice.capture.verify;

import dev.sluice.capture.snapshot.KeyRange;
import dev.sluice.capture.snapshot.QueryPacer;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.RowHash;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
        SourceRowSelect select = new SourceRowSelect(t, r.getPerColumn());
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

    private static void read(PreparedStatement ps, SourceRowSelect select, RowHashResponse.Builder out) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                RowHash row = select.row(rs);
                if (row != null) {
                    out.addRows(row);
                }
            }
        }
    }
}
