package dev.sluice.apply.task;

import java.util.concurrent.TimeUnit;

/**
 * Holds writes to rows/s and bytes/s limits (0 = unlimited). Shared by a task's parallel workers;
 * waiting here stops granting credit, so capture slows down too.
 */
final class Throttle {

    private final long rowsPerSecond;
    private final long bytesPerSecond;
    private long rowsAllowedAtNanos;
    private long bytesAllowedAtNanos;

    Throttle(long rowsPerSecond, long megabytesPerSecond) {
        this.rowsPerSecond = rowsPerSecond;
        this.bytesPerSecond = megabytesPerSecond * 1_000_000L;
        long now = System.nanoTime();
        rowsAllowedAtNanos = now;
        bytesAllowedAtNanos = now;
    }

    void acquire(long rows, long bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            wait = 0;
            if (rowsPerSecond > 0) {
                rowsAllowedAtNanos = Math.max(rowsAllowedAtNanos, now - TimeUnit.MILLISECONDS.toNanos(200))
                        + rows * TimeUnit.SECONDS.toNanos(1) / rowsPerSecond;
                wait = Math.max(wait, rowsAllowedAtNanos - now);
            }
            if (bytesPerSecond > 0) {
                bytesAllowedAtNanos = Math.max(bytesAllowedAtNanos, now - TimeUnit.MILLISECONDS.toNanos(200))
                        + bytes * TimeUnit.SECONDS.toNanos(1) / bytesPerSecond;
                wait = Math.max(wait, bytesAllowedAtNanos - now);
            }
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
