package dev.sluice.capture.stream;

import dev.sluice.v1.ChangeBatch;
import dev.sluice.v1.Heartbeat;

/** Where producers (snapshot chunk reader, binlog reader) deliver their output. */
public interface BatchSink {

    /**
     * Sends one batch, waiting for credit first.
     *
     * @return false when the applier went away; the producer should stop
     */
    boolean send(ChangeBatch batch) throws InterruptedException;

    /** Sends a heartbeat without using credit, if the stream can take it now. */
    void heartbeat(Heartbeat heartbeat);

    boolean isClosed();
}
