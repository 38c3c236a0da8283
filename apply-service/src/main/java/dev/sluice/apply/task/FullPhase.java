package dev.sluice.apply.task;

import dev.sluice.apply.capture.CaptureStream;
import dev.sluice.apply.checkpoint.CheckpointStore.ChunkRow;
import dev.sluice.apply.copy.ChunkCopier;
import dev.sluice.model.SqlIdentifiers;
import dev.sluice.model.TaskSpecRules;
import dev.sluice.v1.ChangeBatch;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.PlanSnapshotRequest;
import dev.sluice.v1.PlanSnapshotResponse;
import dev.sluice.v1.SnapshotChunk;
import dev.sluice.v1.StreamResponse;
import dev.sluice.v1.TableSchema;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The full copy: plans each table's keyset chunks once (stored in the destination), then copies the
 * chunks not yet done, several at a time. Each chunk commits together with its "done" row, so a crash
 * anywhere redoes only unfinished chunks and no row is copied twice.
 */
final class FullPhase {

    private static final Logger LOG = Logger.getLogger(FullPhase.class);

    private final TaskContext ctx;
    private final Throttle throttle;

    FullPhase(TaskContext ctx) {
        this.ctx = ctx;
        this.throttle = new Throttle(ctx.spec.getThrottle().getFull().getRowsPerSecond(), ctx.spec.getThrottle().getFull().getMegabytesPerSecond());
    }

    record Work(TableSchema table, SnapshotChunk chunk) {
    }

    void run(Connection pg) throws Exception {
        run(pg, ctx.tables);
    }

    /** Copies these tables (all of the task's, or the ones added to a running task). */
    void run(Connection pg, List<TableSchema> tables) throws Exception {
        LinkedBlockingQueue<Work> work = new LinkedBlockingQueue<>();
        for (TableSchema t : tables) {
            ctx.checkStopping();
            List<ChunkRow> rows = ctx.checkpoints.chunks(pg, ctx.taskId, key(t));
            if (rows.isEmpty()) {
                PlanSnapshotResponse plan = ctx.capture().planSnapshot(PlanSnapshotRequest.newBuilder().setTaskId(ctx.taskId)
                        .setSpec(ctx.spec).setTable(t).setChunkRows(ctx.config.chunkRows()).build());
                pg.setAutoCommit(false);
                ctx.checkpoints.insertPlan(pg, ctx.taskId, key(t), plan.getChunksList());
                pg.commit();
                pg.setAutoCommit(true);
                rows = ctx.checkpoints.chunks(pg, ctx.taskId, key(t));
            }
            if (t.getKeyColumnsCount() == 0) {
                ctx.progress.warn("table " + key(t) + " has no primary key or NOT NULL unique key: it is copied in one chunk, "
                        + "and rows may be duplicated if a change is replayed");
            }
            int done = 0;
            long copied = 0;
            for (ChunkRow r : rows) {
                if (r.done()) {
                    done++;
                    copied += r.rows();
                } else {
                    work.add(new Work(t, r.chunk().toBuilder().setDatabase(t.getDatabase()).setTable(t.getName()).build()));
                }
            }
            ctx.progress.table(t, rows.size(), done, copied);
        }
        copyAll(work);
        ctx.checkStopping();
        for (TableSchema t : tables) {
            restartIdentities(pg, t);
        }
    }

    private void copyAll(LinkedBlockingQueue<Work> work) throws Exception {
        int workers = Math.max(1, Math.min(ctx.config.parallelChunks(), work.size()));
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> new Thread(r, "full-" + ctx.taskId));
        List<Future<?>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < workers; i++) {
                futures.add(pool.submit(() -> {
                    try (Connection pg = ctx.destination("full")) {
                        Work w;
                        while ((w = work.poll()) != null) {
                            ctx.checkStopping();
                            copyChunk(pg, w);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    work.clear();
                    throw e.getCause() instanceof Exception ex ? ex : e;
                }
            }
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private void copyChunk(Connection pg, Work w) throws Exception {
        TableSchema t = w.table();
        boolean keepExisting = TaskSpecRules.CONFLICT_IGNORE.equals(ctx.spec.getConflictingTables());
        pg.setAutoCommit(false);
        ChunkCopier copier = new ChunkCopier(pg, t, keepExisting);
        CaptureStream stream = ctx.stream(ctx.subscribe().addTables(t).setChunk(w.chunk()).build());
        long attemptRows = 0;
        long attemptBytes = 0;
        try {
            copier.begin();
            long sequence = 0;
            while (true) {
                StreamResponse r = stream.poll(1, TimeUnit.SECONDS);
                ctx.checkStopping();
                if (r == null || !r.hasBatch()) {
                    continue;
                }
                ChangeBatch b = r.getBatch();
                throttle.acquire(b.getChangesCount(), b.getBytes());
                copier.write(b.getChangesList());
                ctx.progress.copied(t, b.getChangesCount());
                attemptRows += b.getChangesCount();
                attemptBytes += b.getBytes();
                sequence = b.getSequence();
                if (b.getChunkComplete()) {
                    stream.finish(10, TimeUnit.SECONDS);
                    break;
                }
                stream.grant(1, sequence);
            }
            long rows = copier.finish();
            ctx.checkpoints.markDone(pg, ctx.taskId, key(t), w.chunk().getChunkNo(), rows);
            ctx.usage.add(pg, ctx.taskId, Phases.FULL, rows, attemptBytes);
            pg.commit();
            ctx.progress.chunkDone(t, rows);
            ctx.progress.applied(key(t), "copy", rows);
            ctx.progress.bytes(attemptBytes);
            ctx.retry.onProgress();
        } catch (Exception e) {
            copier.abort();
            rollbackQuietly(pg);
            ctx.progress.copied(t, -attemptRows);
            throw e;
        } finally {
            ctx.closed(stream);
            pg.setAutoCommit(true);
        }
    }

    /** AUTO_INCREMENT columns became identities: they continue past the highest copied value. */
    private static void restartIdentities(Connection pg, TableSchema t) throws SQLException {
        for (ColumnSchema c : t.getColumnsList()) {
            if (!c.getAutoIncrement()) {
                continue;
            }
            String table = SqlIdentifiers.pg(t.getTargetSchema(), t.getTargetName());
            String col = SqlIdentifiers.pg(c.getTargetName());
            try (PreparedStatement ps = pg.prepareStatement("SELECT pg_get_serial_sequence(?, ?), (SELECT max(" + col + ") FROM " + table + ")")) {
                ps.setString(1, table);
                ps.setString(2, c.getTargetName());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    String seq = rs.getString(1);
                    if (seq == null) {
                        continue;
                    }
                    long max = rs.getObject(2) == null ? 0 : rs.getBigDecimal(2).longValue();
                    long next = Math.max(Math.max(1, t.getAutoIncrement()), max + 1);
                    try (PreparedStatement set = pg.prepareStatement("SELECT setval(?::regclass, ?, false)")) {
                        set.setString(1, seq);
                        set.setLong(2, next);
                        set.execute();
                    }
                }
            } catch (SQLException e) {
                LOG.warnf("cannot restart the identity of %s.%s: %s", table, c.getTargetName(), e.getMessage());
            }
        }
    }

    static String key(TableSchema t) {
        return t.getDatabase() + "." + t.getName();
    }

    static void rollbackQuietly(Connection pg) {
        try {
            pg.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the transaction is gone with it
        }
    }
}
