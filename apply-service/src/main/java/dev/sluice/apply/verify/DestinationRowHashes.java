package dev.sluice.apply.verify;

import dev.sluice.model.VerifySql;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.RowHash;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * RowHashes on the destination: key, hash and (per_column) column tokens of each row in a range or of
 * explicit keys, keys read back as the Values capture reports (so the two lists can be matched).
 */
final class DestinationRowHashes {

    /** Keys per statement. */
    private static final int BATCH = 500;

    private DestinationRowHashes() {
    }

    static RowHashResponse compute(DestinationRead read, RowHashRequest r) throws SQLException {
        VerifiedTarget t = new VerifiedTarget(r.getTable());
        List<String> items = new ArrayList<>();
        items.add(VerifySql.pgRowHash(r.getTable()));
        if (!t.key.isEmpty()) {
            items.add(t.keySelect());
        }
        int[] tokenAt = new int[r.getTable().getColumnsCount()];
        int next = 2 + t.key.size();
        for (int i = 0; i < tokenAt.length; i++) {
            ColumnSchema c = r.getTable().getColumns(i);
            tokenAt[i] = -1;
            if (r.getPerColumn() && VerifySql.hashable(c)) {
                items.add(VerifySql.pgToken(c));
                tokenAt[i] = next++;
            }
        }
        String select = "SELECT " + String.join(", ", items) + t.from();
        String order = " ORDER BY " + (t.key.isEmpty() ? "1" : t.keyOrder());
        RowHashResponse.Builder out = RowHashResponse.newBuilder().setPosition(read.position());
        if (r.getKeysCount() > 0) {
            for (int from = 0; from < r.getKeysCount(); from += BATCH) {
                List<KeyTuple> batch = r.getKeysList().subList(from, Math.min(r.getKeysCount(), from + BATCH));
                rows(read, t, select, t.keys(batch), order, r.getPerColumn(), tokenAt, out);
            }
        } else {
            rows(read, t, select, t.range(r.getRange()), order, r.getPerColumn(), tokenAt, out);
        }
        return out.build();
    }

    private static void rows(DestinationRead read, VerifiedTarget t, String select, VerifiedTarget.Where where, String order,
            boolean perColumn, int[] tokenAt, RowHashResponse.Builder out) throws SQLException {
        try (PreparedStatement ps = read.pg().prepareStatement(select + where.sql() + order)) {
            ps.setFetchSize(1000);
            where.bind(ps, 1);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RowHash.Builder b = RowHash.newBuilder().setHash(rs.getString(1))
                            .setKey(t.key.isEmpty() ? KeyTuple.getDefaultInstance() : t.readKey(rs, 2));
                    if (perColumn) {
                        for (int at : tokenAt) {
                            b.addColumnHashes(at < 0 ? "" : rs.getString(at));
                        }
                    }
                    out.addRows(b);
                }
            }
        }
    }
}
