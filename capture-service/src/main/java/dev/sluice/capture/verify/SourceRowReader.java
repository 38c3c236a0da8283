package dev.sluice.capture.verify;

import dev.sluice.capture.snapshot.QueryPacer;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.Operation;
import dev.sluice.v1.ReadRowsRequest;
import dev.sluice.v1.ReadRowsResponse;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.Value;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * ReadRows: the current source rows of some keys as SNAPSHOT_ROW after images, exactly as the full copy
 * would send them (source columns read with SnapshotValueReader, then the table's ETL filter and
 * transform). Keys without a row, or whose row the filter drops, are absent: repair deletes them.
 */
public final class SourceRowReader {

    private final QueryPacer pacer;

    public SourceRowReader(QueryPacer pacer) {
        this.pacer = pacer;
    }

    public ReadRowsResponse read(Connection c, ReadRowsRequest r) throws SQLException, InterruptedException {
        VerifiedTable t = new VerifiedTable(r.getTable());
        t.requireKeyed();
        ReadRowsResponse.Builder out = ReadRowsResponse.newBuilder();
        for (List<KeyTuple> batch : KeyList.batches(r.getKeysList())) {
            pacer.awaitTurn(r.getTaskId(), r.getSpec().getThrottle().getFull().getSourceQps());
            String sql = "SELECT " + t.sourceSelect() + t.from() + KeyList.where(r.getTable().getKeyColumnsList(), batch.size());
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                KeyList.bind(ps, 1, batch, t.key.size());
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        List<Value> source = t.readSourceRow(rs, 1);
                        if (t.etl != null && t.etl.hasFilter() && !t.etl.matches(source)) {
                            continue;
                        }
                        out.addRows(RowChange.newBuilder().setOp(Operation.SNAPSHOT_ROW).setDatabase(r.getTable().getDatabase())
                                .setTable(r.getTable().getName()).addAllAfter(t.etl == null ? source : t.etl.transform(source)));
                    }
                }
            }
        }
        return out.build();
    }
}
