package dev.sluice.apply.task;

import dev.sluice.apply.capture.CaptureStream;
import dev.sluice.apply.dml.ChangeApplier;
import dev.sluice.v1.ChangeBatch;
import dev.sluice.v1.RowChange;
import dev.sluice.v1.SourcePosition;
import dev.sluice.v1.StreamResponse;
import java.sql.Connection;
import java.util.concurrent.TimeUnit;

/**
 * Follows the binlog from the checkpoint. Batches are applied into one open PostgreSQL transaction
 * that commits, with the new checkpoint, only where a source transaction ended: after enough rows,
 * after a short time, or when the source is idle. A huge source transaction streams through in
 * batches (credit returns as each is written) and commits once, at its end.
 */
final class IncrementalPhase {

    private final TaskContext ctx;
    private final Throttle throttle;
    private ChangeApplier applier;

    IncrementalPhase(TaskContext ctx) {
        this.ctx = ctx;
        this.throttle = new Throttle(ctx.spec.getThrottle().getIncremental().getRowsPerSecond(),
                ctx.spec.getThrottle().getIncremental().getMegabytesPerSecond());
    }

    void run(Connection pg, SourcePosition from) throws Exception {
        applier = new ChangeApplier(pg, ctx.tables);
        CaptureStream stream = ctx.stream(ctx.subscribe().addAllTables(ctx.tables).setPosition(from).build());
        pg.setAutoCommit(false);
        long commitNanos = TimeUnit.MILLISECONDS.toNanos(ctx.config.commitMillis());
        Pending pending = new Pending();
        try {
            while (true) {
                ctx.checkStopping();
                StreamResponse r = stream.poll(commitNanos / 2, TimeUnit.NANOSECONDS);
                if (r == null) {
                    if (pending.committable()) {
                        commit(pg, pending);
                    }
                    continue;
                }
                if (r.hasHeartbeat()) {
                    if (pending.committable()) {
                        commit(pg, pending);
                    }
                    if (pending.rows == 0 && r.getHeartbeat().getCaughtUp()) {
                        ctx.progress.caughtUp();
                    }
                    continue;
                }
                ChangeBatch b = r.getBatch();
                throttle.acquire(b.getChangesCount(), b.getBytes());
                if (!pending.any) {
                    applier.beginTransaction();
                }
                applier.apply(b.getChangesList());
                pending.add(b);
                stream.grant(1, b.getSequence());
                if (pending.committable() && (pending.rows >= ctx.config.commitRows() || System.nanoTime() - pending.startedNanos >= commitNanos)) {
                    commit(pg, pending);
                }
            }
        } catch (Exception e) {
            FullPhase.rollbackQuietly(pg);
            throw e;
        } finally {
            ctx.closed(stream);
        }
    }

    private void commit(Connection pg, Pending p) throws Exception {
        applier.flush();
        ctx.checkpoints.write(pg, ctx.taskId, Phases.INCREMENTAL, p.position);
        if (p.rows > 0) {
            ctx.usage.add(pg, ctx.taskId, Phases.INCREMENTAL, p.rows, p.bytes);
        }
        pg.commit();
        ctx.progress.committedUpTo(p.position, p.newestCommitMs);
        for (var e : p.counts.entrySet()) {
            ctx.progress.applied(e.getKey(), "change", e.getValue());
        }
        ctx.progress.bytes(p.bytes);
        ctx.retry.onProgress();
        p.reset();
    }

    /** What the open PostgreSQL transaction holds. */
    private static final class Pending {
        long rows;
        long bytes;
        long startedNanos;
        long newestCommitMs;
        boolean atBoundary = true;
        boolean any;
        SourcePosition position;
        final java.util.Map<String, Long> counts = new java.util.HashMap<>();

        void add(ChangeBatch b) {
            if (!any) {
                startedNanos = System.nanoTime();
                any = true;
            }
            rows += b.getChangesCount();
            bytes += b.getBytes();
            for (RowChange c : b.getChangesList()) {
                // The true commit time lies in [ts, ts + 1 s) and not after capture read it.
                long commit = b.getReadAtMs() > 0 ? Math.min(b.getReadAtMs(), c.getCommitTimestampMs() + 999) : c.getCommitTimestampMs();
                newestCommitMs = Math.max(newestCommitMs, commit);
                counts.merge(c.getDatabase() + "." + c.getTable(), 1L, Long::sum);
            }
            atBoundary = b.getEndsTransaction();
            if (atBoundary) {
                position = b.getPosition();
            }
        }

        boolean committable() {
            return any && atBoundary && position != null;
        }

        void reset() {
            rows = 0;
            bytes = 0;
            any = false;
            newestCommitMs = 0;
            counts.clear();
        }
    }
}
