package dev.sluice.capture.verify;

import dev.sluice.capture.snapshot.KeyRange;
import dev.sluice.capture.snapshot.QueryPacer;
import dev.sluice.model.VerifySql;
import dev.sluice.v1.ChecksumRequest;
import dev.sluice.v1.ChecksumResponse;
import dev.sluice.v1.RangeChecksum;
import dev.sluice.v1.RowHash;
import dev.sluice.v1.SnapshotChunk;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * ChecksumRanges on the source: per key range the row count and the sum of the rows' hashes, all ranges
 * read in one consistent snapshot whose binlog position the answer carries. Computed by MariaDB
 * (COUNT/SUM over {@link VerifySql} expressions), except for tables whose rows must come to
 * capture-service first ({@link SourceRowSelect#inJava}: an ETL filter, JSON, computed columns).
 */
public final class RangeChecksums {

    private final QueryPacer pacer;

    public RangeChecksums(QueryPacer pacer) {
        this.pacer = pacer;
    }

    public ChecksumResponse compute(Connection c, ChecksumRequest r) throws SQLException, InterruptedException {
        VerifiedTable t = new VerifiedTable(r.getTable());
        SourceRowSelect select = new SourceRowSelect(t, false);
        try (SourceSnapshot snapshot = SourceSnapshot.begin(c)) {
            ChecksumResponse.Builder out = ChecksumResponse.newBuilder().setPosition(snapshot.position());
            for (SnapshotChunk range : r.getRangesList()) {
                KeyRange where = t.range(range);
                pacer.awaitTurn(r.getTaskId(), r.getSpec().getThrottle().getFull().getSourceQps());
                out.addRanges(select.inJava() ? inJava(c, select, where, range) : inSql(c, t, where, range));
            }
            return out.build();
        }
    }

    private static RangeChecksum inSql(Connection c, VerifiedTable t, KeyRange where, SnapshotChunk range) throws SQLException {
        String sql = "SELECT COUNT(*), " + VerifySql.mariaRangeSum(VerifySql.mariaRowHash(t.table)) + t.from() + where.where();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return RangeChecksum.newBuilder().setRange(range).setRows(rs.getLong(1)).setHash(VerifySql.sumText(rs.getString(2))).build();
            }
        }
    }

    /** Rows stream through (never all in memory); those the filter drops are not part of the destination, nor of the sum. */
    private static RangeChecksum inJava(Connection c, SourceRowSelect select, KeyRange where, SnapshotChunk range) throws SQLException {
        long rows = 0;
        BigInteger sum = BigInteger.ZERO;
        try (PreparedStatement ps = c.prepareStatement(select.sql() + where.where(), ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY)) {
            ps.setFetchSize(1000);
            where.bind(ps);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    RowHash row = select.row(rs);
                    if (row != null) {
                        rows++;
                        sum = sum.add(VerifySql.rangeSummand(row.getHash()));
                    }
                }
            }
        }
        return RangeChecksum.newBuilder().setRange(range).setRows(rows).setHash(sum.toString()).build();
    }
}
