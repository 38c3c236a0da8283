package dev.sluice.apply.checkpoint;

import dev.sluice.model.SqlIdentifiers;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Fencing for scale-out: control-service leases a task to one apply replica under an epoch that grows
 * with every reassignment. The destination keeps the highest epoch that claimed the task
 * ({@code task_lease}); every transaction that writes the task's progress first checks that its epoch is
 * still that one, holding the lease row until it commits. A replica that lost its lease (it was frozen,
 * partitioned, or simply slow to notice) therefore cannot commit anything after the new owner claimed
 * the task: its transaction fails with {@link LeaseLostException} and rolls back. The new owner reads the
 * checkpoint only after its claim, so it continues from exactly what the old owner committed.
 *
 * <p>The holder is one runner, not just one epoch: a runner has an id of its own ({@code runner}), and a
 * runner claiming the epoch it already holds takes it from another runner of that epoch. Two processes
 * that control-service cannot tell apart (two pods behind one address during a rollout, or a replica
 * restarted while its old process still runs) therefore never write under one epoch at once either.
 *
 * <p>Claims move to {@code lease_history}, which keeps, per epoch and runner, which replica held it and
 * when it last committed: the record tests (and operators) check that no two runners ever wrote a task
 * at once.
 */
public final class LeaseFence {

    private final String schema;
    private final String taskId;
    private final long epoch;
    private final String replica;
    private final String runner;

    public LeaseFence(String schema, String taskId, long epoch, String replica) {
        this(schema, taskId, epoch, replica, java.util.UUID.randomUUID().toString());
    }

    /** @param runner this runner's own id: another runner of the same epoch is fenced once this one claims */
    public LeaseFence(String schema, String taskId, long epoch, String replica, String runner) {
        this.schema = schema;
        this.taskId = taskId;
        this.epoch = epoch;
        this.replica = replica;
        this.runner = runner;
    }

    public long epoch() {
        return epoch;
    }

    private String table(String name) {
        return SqlIdentifiers.pg(schema, name);
    }

    /** Called by {@link CheckpointStore#ensureTables} inside its transaction. */
    static void createTables(Statement st, String schema) throws SQLException {
        st.execute("CREATE TABLE IF NOT EXISTS " + SqlIdentifiers.pg(schema, "task_lease") + " ("
                + "task_id text PRIMARY KEY, epoch bigint NOT NULL, replica text NOT NULL DEFAULT '', runner text NOT NULL, "
                + "claimed_at timestamptz NOT NULL DEFAULT clock_timestamp(), last_commit_at timestamptz)");
        st.execute("CREATE TABLE IF NOT EXISTS " + SqlIdentifiers.pg(schema, "lease_history") + " ("
                + "task_id text NOT NULL, epoch bigint NOT NULL, replica text NOT NULL, runner text NOT NULL, claimed_at timestamptz NOT NULL, "
                + "last_commit_at timestamptz, ended_at timestamptz NOT NULL, PRIMARY KEY (task_id, epoch, runner))");
    }

    /**
     * Makes this epoch the task's owner in the destination, in a transaction of its own. Waits for a
     * transaction of the previous owner that already passed its {@link #check}, so that everything the
     * previous owner committed is visible to the caller's next read of the checkpoint.
     *
     * @throws LeaseLostException when a higher epoch already claimed the task
     */
    public void claim(Connection c) throws SQLException {
        boolean auto = c.getAutoCommit();
        c.setAutoCommit(false);
        try {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("task_lease")
                    + " (task_id, epoch, replica, runner) VALUES (?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING")) {
                ps.setString(1, taskId);
                ps.setLong(2, epoch);
                ps.setString(3, replica);
                ps.setString(4, runner);
                ps.executeUpdate();
            }
            long current;
            String holder;
            try (PreparedStatement ps = c.prepareStatement("SELECT epoch, runner FROM " + table("task_lease") + " WHERE task_id = ? FOR UPDATE")) {
                ps.setString(1, taskId);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    current = rs.getLong(1);
                    holder = rs.getString(2);
                }
            }
            if (current > epoch) {
                throw new LeaseLostException(taskId, epoch, current);
            }
            if (current < epoch || !holder.equals(runner)) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table("lease_history")
                        + " (task_id, epoch, replica, runner, claimed_at, last_commit_at, ended_at) "
                        + "SELECT task_id, epoch, replica, runner, claimed_at, last_commit_at, clock_timestamp() FROM " + table("task_lease")
                        + " WHERE task_id = ? ON CONFLICT DO NOTHING")) {
                    ps.setString(1, taskId);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table("task_lease")
                        + " SET epoch = ?, replica = ?, runner = ?, claimed_at = clock_timestamp(), last_commit_at = NULL WHERE task_id = ?")) {
                    ps.setLong(1, epoch);
                    ps.setString(2, replica);
                    ps.setString(3, runner);
                    ps.setString(4, taskId);
                    ps.executeUpdate();
                }
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(auto);
        }
    }

    /**
     * Inside the caller's transaction, just before it commits: fails unless this runner, under this epoch,
     * still holds the task, and locks the lease row so that no claim can slip in before the commit.
     *
     * @throws LeaseLostException when another epoch claimed the task
     */
    public void check(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + table("task_lease")
                + " SET last_commit_at = clock_timestamp() WHERE task_id = ? AND epoch = ? AND runner = ?")) {
            ps.setString(1, taskId);
            ps.setLong(2, epoch);
            ps.setString(3, runner);
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        throw new LeaseLostException(taskId, epoch, currentEpoch(c));
    }

    private long currentEpoch(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT epoch FROM " + table("task_lease") + " WHERE task_id = ?")) {
            ps.setString(1, taskId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }
}
