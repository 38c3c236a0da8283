package dev.sluice.apply.billing;

import dev.sluice.model.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Usage counted in the destination, inside the transaction that wrote the rows: what is committed
 * is metered exactly once, and it survives any crash until billing-service has it.
 */
public final class UsageOutbox {

    private final String table;
    private final long windowMillis;

    public UsageOutbox(String schema, long windowMillis) {
        this.table = SqlIdentifiers.pg(schema, "usage_outbox");
        this.windowMillis = windowMillis;
    }

    public record Window(String phase, long startMs, long endMs, long rows, long bytes) {
    }

    /** Adds to the current window, in the caller's transaction. */
    public void add(Connection c, String taskId, String phase, long rows, long bytes) throws SQLException {
        long now = System.currentTimeMillis();
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (task_id, phase, window_start, rows, bytes) VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (task_id, phase, window_start) DO UPDATE SET rows = " + table + ".rows + EXCLUDED.rows, "
                + "bytes = " + table + ".bytes + EXCLUDED.bytes")) {
            ps.setString(1, taskId);
            ps.setString(2, phase);
            ps.setTimestamp(3, Timestamp.from(Instant.ofEpochMilli(now - now % windowMillis)));
            ps.setLong(4, rows);
            ps.setLong(5, bytes);
            ps.executeUpdate();
        }
    }

    /** Windows that can no longer change. */
    public List<Window> closed(Connection c, String taskId) throws SQLException {
        long now = System.currentTimeMillis();
        List<Window> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT phase, window_start, rows, bytes FROM " + table
                + " WHERE task_id = ? AND window_start < ? ORDER BY window_start LIMIT 5000")) {
            ps.setString(1, taskId);
            ps.setTimestamp(2, Timestamp.from(Instant.ofEpochMilli(now - now % windowMillis)));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long start = rs.getTimestamp(2).getTime();
                    out.add(new Window(rs.getString(1), start, start + windowMillis, rs.getLong(3), rs.getLong(4)));
                }
            }
        }
        return out;
    }

    public void delete(Connection c, String taskId, List<Window> sent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE task_id = ? AND phase = ? AND window_start = ?")) {
            for (Window w : sent) {
                ps.setString(1, taskId);
                ps.setString(2, w.phase());
                ps.setTimestamp(3, Timestamp.from(Instant.ofEpochMilli(w.startMs())));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    public long windowMillis() {
        return windowMillis;
    }
}
