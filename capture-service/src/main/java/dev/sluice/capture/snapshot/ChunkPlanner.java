package dev.sluice.capture.snapshot;

import dev.sluice.capture.convert.SnapshotValueReader;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.PlanSnapshotResponse;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Splits a table into keyset chunks of about {@code chunkRows} rows: each boundary is found by
 * skipping that many key entries past the previous one, an index-only scan. Keyless tables are one
 * chunk.
 */
public final class ChunkPlanner {

    private ChunkPlanner() {
    }

    public static PlanSnapshotResponse plan(Connection c, TableSchema t, long chunkRows) throws SQLException {
        PlanSnapshotResponse.Builder out = PlanSnapshotResponse.newBuilder().setEstimatedRows(t.getEstimatedRows());
        if (t.getKeyColumnsCount() == 0) {
            return out.addChunks(chunk(t, 0, null, null)).build();
        }
        split(c, t, chunkRows, null, null, out);
        return out.build();
    }

    /**
     * Splits one key range (lower, upper] the same way: verification descends into a differing range.
     * The first sub-range starts at the range's lower bound and the last ends at its upper bound (or is
     * open where the range is). estimated_rows is left 0: the table's estimate says nothing of a range.
     */
    public static PlanSnapshotResponse planRange(Connection c, TableSchema t, long chunkRows, SnapshotChunk range) throws SQLException {
        PlanSnapshotResponse.Builder out = PlanSnapshotResponse.newBuilder();
        if (t.getKeyColumnsCount() == 0) {
            if (range.getHasLower() || range.getHasUpper()) {
                throw new IllegalArgumentException("table " + t.getDatabase() + "." + t.getName() + " has no key: it has no key ranges");
            }
            return out.addChunks(chunk(t, 0, null, null)).build();
        }
        split(c, t, chunkRows, range.getHasLower() ? range.getLower() : null, range.getHasUpper() ? range.getUpper() : null, out);
        return out.build();
    }

    private static void split(Connection c, TableSchema t, long chunkRows, KeyTuple from, KeyTuple to, PlanSnapshotResponse.Builder out)
            throws SQLException {
        List<ColumnSchema> key = TableColumns.keyColumns(t);
        String select = key.stream().map(SnapshotValueReader::selectExpression).collect(Collectors.joining(", "));
        String order = key.stream().map(k -> SqlIdentifiers.maria(k.getName())).collect(Collectors.joining(", "));
        KeyTuple lower = from;
        int no = 0;
        while (true) {
            KeyRange range = new KeyRange(t.getKeyColumnsList());
            if (lower != null) {
                range.above(lower);
            }
            if (to != null) {
                range.atMost(to);
            }
            String sql = "SELECT " + select + " FROM " + SqlIdentifiers.maria(t.getDatabase(), t.getName()) + range.where()
                    + " ORDER BY " + order + " LIMIT 1 OFFSET " + Math.max(0, chunkRows - 1);
            KeyTuple upper = null;
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                range.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        KeyTuple.Builder b = KeyTuple.newBuilder();
                        for (int i = 0; i < key.size(); i++) {
                            b.addValues(SnapshotValueReader.read(rs, i + 1, key.get(i)));
                        }
                        upper = b.build();
                    }
                }
            }
            if (upper == null || upper.equals(to)) {
                // The last chunk ends where the range does (open when the range is).
                out.addChunks(chunk(t, no, lower, to));
                return;
            }
            out.addChunks(chunk(t, no++, lower, upper));
            lower = upper;
        }
    }

    static SnapshotChunk chunk(TableSchema t, int no, KeyTuple lower, KeyTuple upper) {
        SnapshotChunk.Builder b = SnapshotChunk.newBuilder().setDatabase(t.getDatabase()).setTable(t.getName()).setChunkNo(no);
        if (lower != null) {
            b.setLower(lower).setHasLower(true);
        }
        if (upper != null) {
            b.setUpper(upper).setHasUpper(true);
        }
        return b.build();
    }
}
