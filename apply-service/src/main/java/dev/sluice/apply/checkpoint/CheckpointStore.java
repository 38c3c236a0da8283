package dev.sluice.apply.checkpoint;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.SourcePosition;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The task's progress, kept in the destination itself: every transaction that writes synchronized
 * rows also writes here, so after any crash the destination says exactly what is done.
 */
public final class CheckpointStore {

    /** Serializes the creation of the checkpoint tables between tasks sharing a destination. */
    private static final long CREATE_LOCK = 0x51_1CE_0001L;

    private final String schema;
    /** Null when nothing leases the task (verification, tests): then writes are not fenced. */
    private final LeaseFence fence;

    public CheckpointStore(String schema) {
        this(schema, null);
    }

    /** Every write checks the fence first, so a replica that lost the task's lease cannot commit. */
    public CheckpointStore(String schema, LeaseFence fence) {
        this.schema = schema;
        this.fence = fence;
    }

    private void fenced(Connection c) throws SQLException {
        if (fence != null) {
            fence.check(c);
        }
    }

    public record Checkpoint(String phase, SourcePosition position, long leaseEpoch) {
    }

    public String schema() {
        return schema;
    }

    public record ChunkRow(SnapshotChunk chunk, boolean done, long rows) {
    }

    private String table(String name) {
        return SqlIdentifiers.pg(schema, name);
    }

    public void ensureTables(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_xact_lock(" + CREATE_LOCK + ")");
            st.execute("CREATE SCHEMA IF NOT EXISTS " + SqlIdentifiers.pg(schema));
            st.execute("CREATE TABLE IF NOT EXISTS " + table("task_checkpoint") + " ("
                    + "task_id text PRIMARY KEY, phase text NOT NULL, gtid text NOT NULL DEFAULT '', binlog_file text NOT NULL DEFAULT '', "
                    + "binlog_pos bigint NOT NULL DEFAULT 0, server_id bigint NOT NULL DEFAULT 0, lease_epoch bigint NOT NULL DEFAULT 0, "
                    + "created_tables text[] NOT NULL DEFAULT '{}', updated_at timestamptz NOT NULL DEFAULT now())");
            st.execute("CREATE TABLE IF NOT EXISTS " + table("snapshot_chunk") + " ("
                    + "task_id text NOT NULL, table_name text NOT NULL, chunk_no int NOT NULL, "
                    + "lower_key bytea, upper_key bytea, rows bigint NOT NULL DEFAULT 0, done_at timestamptz, "
                    + "PRIMARY KEY (task_id, table_name, chunk_no))");
            // Tables the task synchronizes (db.table): one missing here was added to a running task.
            st.execute("ALTER TABLE " + table("task_checkpoint") + " ADD COLUMN IF NOT EXISTS known_tables text[]");
            // Usage for billing, written in the same transactions as the rows it counts (an outbox):
            // delivered to billing-service later, so a billing outage never slows synchronization.
            st.execute("CREATE TABLE IF NOT EXISTS " + table("usage_outbox") + " ("
                    + "task_id text NOT NULL, phase text NOT NULL, window_start timestamptz NOT NULL, "
                    + "rows bigint NOT NULL DEFAULT 0, bytes bigint NOT NULL DEFAULT 0, "
                    + "PRIMARY KEY (task_id, phase, window_start))");
            LeaseFence.createTables(st, schema);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    public Optional<Checkpoint> read(Connection c, String taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT phase, gtid, binlog_file, binlog_pos, server_id, lease_epoch FROM "
                + table("task_checkpoint") + " WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                SourcePosition p = SourcePosition.newBuilder().setGtidSet(rs.getString(2)).setBinlogFile(rs.getString(3))
                        .setBinlogPosition(rs.getLong(4)).setServerId(rs.getLong(5)).build();
                return Optional.of(new Checkpoint(rs.getString(1), p, rs.getLong(6)));
            }
        }
    }

    /** Writes the checkpoint inside the caller's transaction. */
    public void write(Connection c, String taskId, String phase, SourcePosition p) throws SQLException {
        fenced(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("task_checkpoint")
                + " (task_id, phase, gtid, binlog_file, binlog_pos, server_id, lease_epoch, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, now()) "
                + "ON CONFLICT (task_id) DO UPDATE SET phase = EXCLUDED.phase, gtid = EXCLUDED.gtid, binlog_file = EXCLUDED.binlog_file, "
                + "binlog_pos = EXCLUDED.binlog_pos, server_id = EXCLUDED.server_id, lease_epoch = EXCLUDED.lease_epoch, updated_at = now()")) {
            ps.setString(1, taskId);
            ps.setString(2, phase);
            ps.setString(3, p.getGtidSet());
            ps.setString(4, p.getBinlogFile());
            ps.setLong(5, p.getBinlogPosition());
            ps.setLong(6, p.getServerId());
            ps.setLong(7, fence == null ? 0 : fence.epoch());
            ps.executeUpdate();
        }
    }

    /** The target tables this task created (schema.table), inside the caller's transaction. */
    public void writeCreatedTables(Connection c, String taskId, List<String> tables) throws SQLException {
        fenced(c);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table("task_checkpoint") + " SET created_tables = ? WHERE task_id = ?")) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            ps.setString(2, taskId);
            ps.executeUpdate();
        }
    }

    public void writeKnownTables(Connection c, String taskId, List<String> tables) throws SQLException {
        fenced(c);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table("task_checkpoint") + " SET known_tables = ? WHERE task_id = ?")) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            ps.setString(2, taskId);
            ps.executeUpdate();
        }
    }

    /** @return the tables known to the checkpoint, or null for a checkpoint written before tables were recorded */
    public List<String> knownTables(Connection c, String taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT known_tables FROM " + table("task_checkpoint") + " WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getArray(1) == null) {
                    return null;
                }
                return List.of((String[]) rs.getArray(1).getArray());
            }
        }
    }

    public void addCreatedTables(Connection c, String taskId, List<String> tables) throws SQLException {
        fenced(c);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table("task_checkpoint")
                + " SET created_tables = created_tables || ? WHERE task_id = ?")) {
            ps.setArray(1, c.createArrayOf("text", tables.toArray()));
            ps.setString(2, taskId);
            ps.executeUpdate();
        }
    }

    public List<String> createdTables(Connection c, String taskId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT created_tables FROM " + table("task_checkpoint") + " WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getArray(1) == null) {
                    return List.of();
                }
                return List.of((String[]) rs.getArray(1).getArray());
            }
        }
    }

    public List<ChunkRow> chunks(Connection c, String taskId, String tableName) throws SQLException {
        List<ChunkRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT chunk_no, lower_key, upper_key, rows, done_at IS NOT NULL FROM "
                + table("snapshot_chunk") + " WHERE task_id = ? AND table_name = ? ORDER BY chunk_no")) {
            ps.setString(1, taskId);
            ps.setString(2, tableName);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    SnapshotChunk.Builder b = SnapshotChunk.newBuilder().setChunkNo(rs.getInt(1));
                    byte[] lower = rs.getBytes(2);
                    byte[] upper = rs.getBytes(3);
                    if (lower != null) {
                        b.setLower(KeyTuple.parseFrom(lower)).setHasLower(true);
                    }
                    if (upper != null) {
                        b.setUpper(KeyTuple.parseFrom(upper)).setHasUpper(true);
                    }
                    out.add(new ChunkRow(b.build(), rs.getBoolean(5), rs.getLong(4)));
                }
            }
        } catch (InvalidProtocolBufferException e) {
            throw new SQLException("unreadable chunk bounds in " + table("snapshot_chunk") + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Stores a table's chunk plan (bounds kept as protobuf bytes: lossless for every key type). */
    public void insertPlan(Connection c, String taskId, String tableName, List<SnapshotChunk> plan) throws SQLException {
        fenced(c);
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("snapshot_chunk")
                + " (task_id, table_name, chunk_no, lower_key, upper_key) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (SnapshotChunk ch : plan) {
                ps.setString(1, taskId);
                ps.setString(2, tableName);
                ps.setInt(3, ch.getChunkNo());
                ps.setBytes(4, ch.getHasLower() ? ch.getLower().toByteArray() : null);
                ps.setBytes(5, ch.getHasUpper() ? ch.getUpper().toByteArray() : null);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Marks a chunk done inside the transaction that wrote its rows. */
    public void markDone(Connection c, String taskId, String tableName, int chunkNo, long rows) throws SQLException {
        fenced(c);
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table("snapshot_chunk")
                + " SET rows = ?, done_at = now() WHERE task_id = ? AND table_name = ? AND chunk_no = ?")) {
            ps.setLong(1, rows);
            ps.setString(2, taskId);
            ps.setString(3, tableName);
            ps.setInt(4, chunkNo);
            if (ps.executeUpdate() != 1) {
                throw new SQLException("chunk " + chunkNo + " of " + tableName + " is not in the plan of task " + taskId);
            }
        }
    }

    public void forget(Connection c, String taskId) throws SQLException {
        for (String t : List.of("snapshot_chunk", "task_checkpoint", "usage_outbox")) {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table(t) + " WHERE task_id = ?")) {
                ps.setString(1, taskId);
                ps.executeUpdate();
            }
        }
    }
}
