package dev.sluice.capture.source;

import dev.sluice.v1.SourcePosition;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The source's current binlog position: where incremental sync will start reading. */
public final class PositionReader {

    private PositionReader() {
    }

    public static SourcePosition current(Connection c) throws SQLException {
        SourcePosition.Builder b = SourcePosition.newBuilder();
        try (Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SHOW MASTER STATUS")) {
                if (!rs.next()) {
                    throw new SQLException("binary logging is off on the source (SHOW MASTER STATUS is empty): start MariaDB with log_bin");
                }
                b.setBinlogFile(rs.getString(1)).setBinlogPosition(rs.getLong(2));
            }
            try (ResultSet rs = st.executeQuery("SELECT @@gtid_binlog_pos, @@server_id")) {
                rs.next();
                b.setGtidSet(rs.getString(1) == null ? "" : rs.getString(1)).setServerId(rs.getLong(2));
            }
        }
        return b.build();
    }
}
