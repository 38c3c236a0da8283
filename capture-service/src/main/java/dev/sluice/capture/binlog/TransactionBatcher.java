package dev.sluice.capture.binlog;

import dev.sluice.capture.stream.BatchSink;
import dev.sluice.v1.ChangeBatch;
import dev.sluice.v1.Heartbeat;
import dev.sluice.v1.SourcePosition;
import dev.sluice.v1.Subscribe;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Packs binlog items into batches. A batch is sent when it is full (even inside a transaction: a big
 * transaction streams in pieces) or at a transaction end once it is old or big enough; only a batch
 * that ends on a transaction boundary carries a resume position the applier may commit at.
 */
final class TransactionBatcher {

    private static final int DEFAULT_BATCH_ROWS = 2000;
    private static final long MAX_BATCH_BYTES = 4L << 20;
    private static final long FLUSH_AFTER_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Position-only batches keep the checkpoint moving while only unselected tables change. */
    private static final long POSITION_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Subscribe subscribe;
    private final BatchSink sink;
    private final BlockingQueue<BinlogItem> queue;
    private final LongSupplier lastEventNanos;
    private final int batchRows;

    private ChangeBatch.Builder batch;
    private long batchBytes;
    private long batchStartedNanos;
    private boolean atBoundary = true;
    private SourcePosition committedPosition;
    private SourcePosition sentPosition;
    private long lastSentNanos = System.nanoTime();

    TransactionBatcher(Subscribe subscribe, BatchSink sink, BlockingQueue<BinlogItem> queue, LongSupplier lastEventNanos) {
        this.subscribe = subscribe;
        this.sink = sink;
        this.queue = queue;
        this.lastEventNanos = lastEventNanos;
        this.batchRows = subscribe.getBatchRows() > 0 ? subscribe.getBatchRows() : DEFAULT_BATCH_ROWS;
        this.committedPosition = subscribe.getPosition();
        this.sentPosition = committedPosition;
        newBatch();
    }

    void run() throws Exception {
        while (!sink.isClosed()) {
            BinlogItem item = queue.poll(10, TimeUnit.MILLISECONDS);
            long now = System.nanoTime();
            if (item == null) {
                if (now - lastEventNanos.getAsLong() > BinlogReader.SILENCE_LIMIT_NANOS) {
                    throw new IOException("no binlog event or heartbeat from the source for "
                            + TimeUnit.NANOSECONDS.toSeconds(BinlogReader.SILENCE_LIMIT_NANOS) + " s");
                }
                if (atBoundary && (batch.getChangesCount() > 0 || positionDue(now))) {
                    flush(true);
                }
                continue;
            }
            if (item instanceof BinlogItem.Change c) {
                if (batch.getChangesCount() == 0) {
                    batchStartedNanos = now;
                }
                atBoundary = false;
                batch.addChanges(c.change());
                batchBytes += c.change().getSerializedSize();
                if (batch.getChangesCount() >= batchRows || batchBytes >= MAX_BATCH_BYTES) {
                    flush(false);
                }
            } else if (item instanceof BinlogItem.TransactionEnd e) {
                atBoundary = true;
                committedPosition = e.position();
                if (batch.getChangesCount() >= batchRows / 2 || batchBytes >= MAX_BATCH_BYTES / 2
                        || batch.getChangesCount() > 0 && now - batchStartedNanos >= FLUSH_AFTER_NANOS) {
                    flush(true);
                }
            } else if (item instanceof BinlogItem.Idle idle) {
                if (atBoundary) {
                    // Idle at a boundary: everything up to the server's current end is handled, so that end
                    // (possibly in a newer binlog file after a rotation) is a valid resume point too.
                    committedPosition = idle.position();
                    if (batch.getChangesCount() > 0 || positionDue(now)) {
                        flush(true);
                    }
                    sink.heartbeat(Heartbeat.newBuilder().setPosition(committedPosition)
                            .setSourceTimestampMs(System.currentTimeMillis()).setCaughtUp(true).build());
                }
            } else if (item instanceof BinlogItem.Failure f) {
                throw f.error();
            }
        }
    }

    private boolean positionDue(long now) {
        return !committedPosition.equals(sentPosition) && now - lastSentNanos >= POSITION_EVERY_NANOS;
    }

    private void flush(boolean endsTransaction) throws InterruptedException {
        ChangeBatch.Builder b = batch.setEndsTransaction(endsTransaction).setBytes(batchBytes).setReadAtMs(System.currentTimeMillis());
        if (endsTransaction) {
            b.setPosition(committedPosition);
            sentPosition = committedPosition;
        }
        if (!sink.send(b.build())) {
            return;
        }
        lastSentNanos = System.nanoTime();
        newBatch();
    }

    private void newBatch() {
        batch = ChangeBatch.newBuilder().setTaskId(subscribe.getTaskId());
        batchBytes = 0;
    }
}
