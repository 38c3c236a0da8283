package dev.sluice.capture.verify;

import dev.sluice.v1.SourcePosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A read-only InnoDB transaction WITH CONSISTENT SNAPSHOT and the binlog position its reads describe.
 * MariaDB publishes that position as binlog_snapshot_file/position, taken atomically with the snapshot
 * (SHOW MASTER STATUS a moment later could already be past commits the snapshot does not see). The GTID
 * position is read just after, for information only: it may include a later commit. Tables of engines
 * without MVCC (MyISAM, Aria) are read as they are at each statement.
 */
final class SourceSnapshot implements AutoCloseable {

    private final Connection c;
    private final SourcePosition position;

    private SourceSnapshot(Connection c, SourcePosition position) {
        this.c = c;
        this.position = position;
    }

    static SourceSnapshot begin(Connection c) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SET SESSION TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            st.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
            SourcePosition.Builder p = SourcePosition.newBuilder();
            try (ResultSet rs = st.executeQuery("SHOW STATUS LIKE 'binlog_snapshot_%'")) {
                while (rs.next()) {
                    String name = rs.getString(1).toLowerCase(java.util.Locale.ROOT);
                    if (name.equals("binlog_snapshot_file")) {
                        p.setBinlogFile(rs.getString(2) == null ? "" : rs.getString(2));
                    } else if (name.equals("binlog_snapshot_position")) {
                        p.setBinlogPosition(rs.getLong(2));
                    }
                }
            }
            if (p.getBinlogFile().isEmpty()) {
                st.execute("ROLLBACK");
                throw new SQLException("the source has no binlog snapshot position (binlog_snapshot_file is empty): start MariaDB with log_bin");
            }
            try (ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos, @@server_id")) {
                rs.next();
                p.setGtidSet(rs.getString(1) == null ? "" : rs.getString(1)).setServerId(rs.getLong(2));
            }
            return new SourceSnapshot(c, p.build());
        }
    }

    SourcePosition position() {
        return position;
    }

    @Override
    public void close() throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("COMMIT");
        }
    }
}
