package dev.sluice.apply.task;

import dev.sluice.apply.capture.CaptureStream;
import dev.sluice.apply.billing.UsageOutbox;
import dev.sluice.apply.checkpoint.CheckpointStore;
import dev.sluice.apply.checkpoint.LeaseFence;
import dev.sluice.apply.progress.TaskProgress;
import dev.sluice.apply.target.TargetConnections;
import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.Subscribe;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.TaskSpec;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** What the phases of one task share. */
final class TaskContext {

    final String taskId;
    final TaskSpec spec;
    final Lease lease;
    final ApplyConfig config;
    final LeaseFence fence;
    final CheckpointStore checkpoints;
    final UsageOutbox usage;
    final TaskProgress progress;
    final RetryWindow retry;
    private final CaptureServiceGrpc.CaptureServiceBlockingStub captureCalls;
    private final CaptureServiceGrpc.CaptureServiceStub captureStreams;
    private final Set<CaptureStream> openStreams = ConcurrentHashMap.newKeySet();
    volatile List<TableSchema> tables = List.of();
    volatile boolean stopping;

    TaskContext(String taskId, TaskSpec spec, Lease lease, ApplyConfig config, TaskProgress progress,
            CaptureServiceGrpc.CaptureServiceBlockingStub captureCalls, CaptureServiceGrpc.CaptureServiceStub captureStreams) {
        this.taskId = taskId;
        this.spec = spec;
        this.lease = lease;
        this.config = config;
        this.fence = new LeaseFence(config.checkpointSchema(), taskId, lease.epoch(), lease.replica());
        this.checkpoints = new CheckpointStore(config.checkpointSchema(), fence);
        this.usage = new UsageOutbox(config.checkpointSchema(), config.usageWindowMillis());
        this.progress = progress;
        this.retry = new RetryWindow(spec.getRetry());
        this.captureCalls = captureCalls;
        this.captureStreams = captureStreams;
    }

    CaptureServiceGrpc.CaptureServiceBlockingStub capture() {
        return captureCalls.withDeadlineAfter(30, TimeUnit.MINUTES);
    }

    Connection destination(String purpose) throws SQLException {
        return TargetConnections.open(spec.getDestination(), purpose + " " + taskId);
    }

    Subscribe.Builder subscribe() {
        return Subscribe.newBuilder().setTaskId(taskId).setSpec(spec).setBatchRows(config.batchRows());
    }

    CaptureStream stream(Subscribe subscribe) {
        CaptureStream s = CaptureStream.open(captureStreams, subscribe, config.credits());
        openStreams.add(s);
        if (stopping) {
            s.close();
        }
        return s;
    }

    void closed(CaptureStream s) {
        s.close();
        openStreams.remove(s);
    }

    void stop() {
        stopping = true;
        for (CaptureStream s : openStreams) {
            s.close();
        }
    }

    void checkStopping() {
        if (stopping || Thread.currentThread().isInterrupted()) {
            throw new TaskStopped();
        }
    }

    /** Unwinds a phase when the task is stopped; not a failure. */
    static final class TaskStopped extends RuntimeException {
        TaskStopped() {
            super("task stopped", null, false, false);
        }
    }
}
