package dev.sluice.apply.verify;

import dev.sluice.apply.checkpoint.CheckpointStore;
import dev.sluice.v1.SourcePosition;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Waits until a task's checkpoint has passed a source position: then every source transaction the
 * source side read is applied, so both sides describe the same history (later changes may have been
 * applied too; the caller re-checks what differs). Only the incremental phase counts: during SCHEMA and
 * FULL the checkpoint holds the position the binlog will be read from, not one that was applied.
 */
final class CheckpointWait {

    static final long POLL_MILLIS = 100;
    /** Phase names as apply's task package stores them (sluice.task_checkpoint.phase). */
    static final String INCREMENTAL = "INCREMENTAL";
    static final String DONE = "DONE";
    /** PostgreSQL's undefined_table: the checkpoint tables are not there until the task's first start. */
    private static final String UNDEFINED_TABLE = "42P01";

    private CheckpointWait() {
    }

    /** Polls with autocommit statements, each seeing the newest committed checkpoint. */
    static void await(Connection pg, CheckpointStore store, String taskId, SourcePosition atLeast, int waitSeconds)
            throws SQLException, PositionNotReachedException, InterruptedException {
        if (atLeast.getBinlogFile().isEmpty()) {
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(0, waitSeconds));
        while (true) {
            Optional<CheckpointStore.Checkpoint> cp = read(pg, store, taskId);
            if (cp.isPresent() && reached(cp.get(), atLeast)) {
                return;
            }
            if (cp.isPresent() && DONE.equals(cp.get().phase())) {
                throw new PositionNotReachedException("task " + taskId + " does not follow the binlog (phase DONE): it can never reach source position "
                        + PositionOrder.describe(atLeast) + "; verify it without a position");
            }
            if (System.nanoTime() >= deadline) {
                throw new PositionNotReachedException("task " + taskId + " has not reached source position " + PositionOrder.describe(atLeast)
                        + " within " + Math.max(0, waitSeconds) + " s (" + where(cp, store) + ")");
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    static boolean reached(CheckpointStore.Checkpoint cp, SourcePosition atLeast) {
        return INCREMENTAL.equals(cp.phase()) && PositionOrder.compare(cp.position(), atLeast) >= 0;
    }

    static Optional<CheckpointStore.Checkpoint> read(Connection pg, CheckpointStore store, String taskId) throws SQLException {
        try {
            return store.read(pg, taskId);
        } catch (SQLException e) {
            if (UNDEFINED_TABLE.equals(e.getSQLState())) {
                if (!pg.getAutoCommit()) {
                    pg.rollback();
                }
                return Optional.empty();
            }
            throw e;
        }
    }

    private static String where(Optional<CheckpointStore.Checkpoint> cp, CheckpointStore store) {
        if (cp.isEmpty()) {
            return "it has no checkpoint in " + store.schema() + ".task_checkpoint";
        }
        return "its checkpoint is at " + PositionOrder.describe(cp.get().position()) + " in phase " + cp.get().phase();
    }
}
