package dev.sluice.apply.task;

/**
 * What control-service leased this replica for one task: the epoch that fences its destination writes,
 * the name control knows this replica by, and the capture replica to stream from (empty: the configured one).
 */
public record Lease(long epoch, String replica, String captureAddress) {

    /** A task started without a lease (one replica, or a direct call): epoch 0, the configured capture. */
    public static final Lease NONE = new Lease(0, "", "");
}
