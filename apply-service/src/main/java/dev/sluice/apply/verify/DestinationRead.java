package dev.sluice.apply.verify;

import dev.sluice.apply.checkpoint.CheckpointStore;
import dev.sluice.apply.target.TargetConnections;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.SourcePosition;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One verification read of the destination: waits until the task's checkpoint has passed the source
 * position, then opens a REPEATABLE READ, read-only transaction whose first statement reads the
 * checkpoint, so the hashes read after it describe exactly that checkpoint (apply commits rows and
 * checkpoint together).
 */
final class DestinationRead implements AutoCloseable {

    private final Connection pg;
    private final SourcePosition position;

    private DestinationRead(Connection pg, SourcePosition position) {
        this.pg = pg;
        this.position = position;
    }

    static DestinationRead open(Endpoint destination, CheckpointStore store, String taskId, SourcePosition atLeast, int waitSeconds)
            throws SQLException, PositionNotReachedException, InterruptedException {
        Connection pg = TargetConnections.open(destination, "verify");
        try {
            CheckpointWait.await(pg, store, taskId, atLeast, waitSeconds);
            pg.setAutoCommit(false);
            pg.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            pg.setReadOnly(true);
            SourcePosition position = CheckpointWait.read(pg, store, taskId)
                    .map(CheckpointStore.Checkpoint::position).orElse(SourcePosition.getDefaultInstance());
            return new DestinationRead(pg, position);
        } catch (SQLException | PositionNotReachedException | InterruptedException | RuntimeException e) {
            pg.close();
            throw e;
        }
    }

    Connection pg() {
        return pg;
    }

    /** The checkpoint the reads are consistent with (empty when the task has none here). */
    SourcePosition position() {
        return position;
    }

    @Override
    public void close() throws SQLException {
        try {
            pg.rollback();
        } finally {
            pg.close();
        }
    }
}
