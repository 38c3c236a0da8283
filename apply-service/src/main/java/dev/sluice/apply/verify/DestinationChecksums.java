package dev.sluice.apply.verify;

import dev.sluice.model.VerifySql;
import dev.sluice.v1.ChecksumResponse;
import dev.sluice.v1.RangeChecksum;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.TableSchema;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** ChecksumRanges on the destination: capture's counts and hash sums, computed by PostgreSQL over the target table. */
final class DestinationChecksums {

    private DestinationChecksums() {
    }

    static ChecksumResponse compute(DestinationRead read, TableSchema table, List<SnapshotChunk> ranges) throws SQLException {
        VerifiedTarget t = new VerifiedTarget(table);
        String sum = VerifySql.pgRangeSum(VerifySql.pgRowHash(table));
        ChecksumResponse.Builder out = ChecksumResponse.newBuilder().setPosition(read.position());
        for (SnapshotChunk range : ranges) {
            VerifiedTarget.Where where = t.range(range);
            try (PreparedStatement ps = read.pg().prepareStatement("SELECT count(*), " + sum + t.from() + where.sql())) {
                where.bind(ps, 1);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    out.addRanges(RangeChecksum.newBuilder().setRange(range).setRows(rs.getLong(1))
                            .setHash(VerifySql.sumText(rs.getString(2))));
                }
            }
        }
        return out.build();
    }
}
