package dev.sluice.control.lease;

import java.time.Instant;

/**
 * Which replicas run a task, under which epoch. applyReplica is null while the task runs nowhere
 * (paused, stopped); the epoch is kept so the next assignment's is higher still.
 */
public record Lease(String taskId, long epoch, String applyReplica, String captureReplica, Instant renewedAt) {

    public boolean assigned() {
        return applyReplica != null;
    }
}
