package dev.sluice.capture.stream;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Flow control: the applier grants batches, the producer takes one permit per batch it sends. A slow
 * PostgreSQL therefore slows the source reader, and capture never holds more than the grant.
 */
final class CreditGate {

    private final Semaphore permits = new Semaphore(0);
    private volatile boolean closed;

    void grant(int batches) {
        if (batches > 0) {
            permits.release(batches);
        }
    }

    /** Blocks until a permit is free; false once the stream is closed. */
    boolean acquire() throws InterruptedException {
        while (!closed) {
            if (permits.tryAcquire(200, TimeUnit.MILLISECONDS)) {
                return true;
            }
        }
        return false;
    }

    void close() {
        closed = true;
    }

    boolean isClosed() {
        return closed;
    }
}
