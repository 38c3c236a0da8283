package dev.sluice.apply.progress;

import dev.sluice.v1.SourcePosition;
import dev.sluice.v1.TableProgress;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TaskStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Where one task stands, as apply-service sees it; read by GetStatus and exported as metrics. */
public final class TaskProgress {

    private final String taskId;
    private final MeterRegistry metrics;
    private volatile String state = "RUNNING";
    private volatile String phase = "SCHEMA";
    private volatile String lastError = "";
    private volatile long retryDeadlineMs;
    private volatile SourcePosition position = SourcePosition.getDefaultInstance();
    private final Map<String, Table> tables = new ConcurrentHashMap<>();
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final AtomicLong rows = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final RateWindow rowRate = new RateWindow();
    private final RateWindow byteRate = new RateWindow();
    /** Commit time (source clock) of the newest change applied, and whether the source said "nothing newer". */
    private volatile long newestAppliedCommitMs;
    private volatile boolean caughtUp;
    private final AtomicLong lagMs = new AtomicLong();

    private static final class Table {
        final String target;
        final long estimated;
        final AtomicLong copied = new AtomicLong();
        volatile int chunksDone;
        volatile int chunksTotal;
        volatile boolean done;

        Table(String target, long estimated) {
            this.target = target;
            this.estimated = estimated;
        }
    }

    public TaskProgress(String taskId, MeterRegistry metrics) {
        this.taskId = taskId;
        this.metrics = metrics;
        // A task started again on this service (resume, a new spec) gets a new TaskProgress. Micrometer
        // ignores a second gauge of the same name and tags, so the old gauges would go on reading the
        // old, stopped TaskProgress: drop them first.
        metrics.find("sluice_lag_ms").tag("task", taskId).meters().forEach(metrics::remove);
        metrics.find("sluice_full_progress_ratio").tag("task", taskId).meters().forEach(metrics::remove);
        Gauge.builder("sluice_lag_ms", this, p -> p.lagMs()).tags("task", taskId).register(metrics);
    }

    public String taskId() {
        return taskId;
    }

    public void phase(String phase) {
        this.phase = phase;
    }

    public String phase() {
        return phase;
    }

    public void state(String state) {
        this.state = state;
    }

    public String state() {
        return state;
    }

    public void running() {
        state = "RUNNING";
        retryDeadlineMs = 0;
    }

    public void retrying(long deadlineMs, String error) {
        state = "RETRYING";
        retryDeadlineMs = deadlineMs;
        lastError = error;
    }

    public void failed(String error) {
        state = "FAILED";
        lastError = error;
    }

    public void warn(String warning) {
        if (!warnings.contains(warning)) {
            warnings.add(warning);
        }
    }

    public void table(TableSchema t, int chunksTotal, int chunksDone, long rowsDone) {
        String key = t.getDatabase() + "." + t.getName();
        Table tp = tables.computeIfAbsent(key, k -> {
            Table n = new Table(t.getTargetSchema() + "." + t.getTargetName(), t.getEstimatedRows());
            Gauge.builder("sluice_full_progress_ratio", n, x -> x.done ? 1.0
                    : x.estimated <= 0 ? 0.0 : Math.min(1.0, (double) x.copied.get() / x.estimated))
                    .tags("task", taskId, "table", key).register(metrics);
            return n;
        });
        tp.chunksTotal = chunksTotal;
        tp.chunksDone = chunksDone;
        tp.copied.set(rowsDone);
        tp.done = chunksTotal > 0 && chunksDone >= chunksTotal;
    }

    public void chunkDone(TableSchema t, long chunkRows) {
        Table tp = tables.get(t.getDatabase() + "." + t.getName());
        if (tp != null) {
            tp.chunksDone++;
            tp.done = tp.chunksDone >= tp.chunksTotal;
        }
    }

    /** Rows written and committed; op is copy or change. */
    public void applied(String tableKey, String op, long n) {
        rows.addAndGet(n);
        rowRate.add(n);
        Counter.builder("sluice_rows_total").tags(Tags.of("task", taskId, "phase", phase, "table", tableKey, "op", op))
                .register(metrics).increment(n);
    }

    public void bytes(long n) {
        bytes.addAndGet(n);
        byteRate.add(n);
        Counter.builder("sluice_bytes_total").tags(Tags.of("task", taskId, "phase", phase)).register(metrics).increment(n);
    }

    public void copied(TableSchema t, long n) {
        Table tp = tables.get(t.getDatabase() + "." + t.getName());
        if (tp != null) {
            tp.copied.addAndGet(n);
        }
    }

    public void committedUpTo(SourcePosition p, long newestCommitMs) {
        position = p;
        if (newestCommitMs > 0) {
            newestAppliedCommitMs = newestCommitMs;
            caughtUp = false;
        }
    }

    /** The source was idle and everything it sent is committed. */
    public void caughtUp() {
        caughtUp = true;
    }

    public long lagMs() {
        if (!"INCREMENTAL".equals(phase)) {
            return 0;
        }
        long lag = caughtUp || newestAppliedCommitMs == 0 ? 0 : Math.max(0, System.currentTimeMillis() - newestAppliedCommitMs);
        lagMs.set(lag);
        return lag;
    }

    public TaskStatus toStatus() {
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(taskId).setState(state).setPhase(phase)
                .setRowsApplied(rows.get()).setBytesApplied(bytes.get())
                .setRowsPerSecond(rowRate.perSecond()).setBytesPerSecond(byteRate.perSecond())
                .setLagMs(lagMs()).setLastError(lastError).setRetryDeadlineMs(retryDeadlineMs).setPosition(position)
                .addAllWarnings(warnings);
        List<Map.Entry<String, Table>> entries = new ArrayList<>(tables.entrySet());
        entries.sort(Map.Entry.comparingByKey());
        for (Map.Entry<String, Table> e : entries) {
            Table t = e.getValue();
            String[] parts = e.getKey().split("\\.", 2);
            b.addTables(TableProgress.newBuilder().setDatabase(parts[0]).setTable(parts.length > 1 ? parts[1] : "")
                    .setTarget(t.target).setRowsCopied(t.copied.get()).setRowsEstimated(t.estimated)
                    .setChunksDone(t.chunksDone).setChunksTotal(t.chunksTotal).setDone(t.done));
        }
        return b.build();
    }
}
