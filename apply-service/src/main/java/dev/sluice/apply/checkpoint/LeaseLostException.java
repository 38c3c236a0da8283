package dev.sluice.apply.checkpoint;

/**
 * Another apply replica holds the task's lease now (a higher epoch claimed it in the destination). Not a
 * failure to retry: this replica must stop the task; its open transaction is rolled back by the caller.
 */
public class LeaseLostException extends RuntimeException {

    private final long current;

    public LeaseLostException(String taskId, long mine, long current) {
        super("task " + taskId + ": lease epoch " + mine + " was taken over"
                + (current < 0 ? " (the lease row is gone)" : current == mine ? " by another runner of that epoch" : " by epoch " + current)
                + "; this replica stops the task");
        this.current = current;
    }

    public long currentEpoch() {
        return current;
    }
}
