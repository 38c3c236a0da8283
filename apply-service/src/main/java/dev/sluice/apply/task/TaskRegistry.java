package dev.sluice.apply.task;

import dev.sluice.apply.capture.CaptureChannels;
import dev.sluice.apply.progress.TaskProgress;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.TaskStatus;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The tasks this apply-service instance runs, each independent of the others. */
@ApplicationScoped
public class TaskRegistry {

    private final Map<String, TaskRunner> tasks = new ConcurrentHashMap<>();
    private final ApplyConfig config;
    private final MeterRegistry metrics;

    private final CaptureChannels capture;

    public TaskRegistry(ApplyConfig config, MeterRegistry metrics, CaptureChannels capture) {
        this.config = config;
        this.metrics = metrics;
        this.capture = capture;
    }

    public TaskStatus start(String taskId, TaskSpec spec) throws InterruptedException {
        return start(taskId, spec, Lease.NONE);
    }

    /**
     * Starts the task from its checkpoint; a running task with the same spec and lease is left alone. A new
     * lease (another epoch or capture replica) restarts it: the new runner claims the epoch in the destination.
     */
    public synchronized TaskStatus start(String taskId, TaskSpec spec, Lease lease) throws InterruptedException {
        TaskRunner current = tasks.get(taskId);
        if (current != null && current.isAlive() && current.context().spec.equals(spec) && current.context().lease.equals(lease)) {
            return status(current);
        }
        if (current != null) {
            current.stop();
        }
        TaskContext ctx = new TaskContext(taskId, spec, lease, config, new TaskProgress(taskId, metrics),
                capture.calls(lease.captureAddress()), capture.streams(lease.captureAddress()));
        TaskRunner runner = new TaskRunner(ctx);
        tasks.put(taskId, runner);
        runner.start();
        return status(runner);
    }

    private static TaskStatus status(TaskRunner r) {
        return r.context().progress.toStatus().toBuilder().setLeaseEpoch(r.context().lease.epoch()).build();
    }

    public Optional<TaskStatus> stop(String taskId) throws InterruptedException {
        return stop(taskId, 0);
    }

    /**
     * Stops the task; with an epoch other than 0 only if it runs under that lease epoch, so that a stop
     * meant for a stale runner never ends the one a newer lease just started.
     */
    public synchronized Optional<TaskStatus> stop(String taskId, long epoch) throws InterruptedException {
        TaskRunner current = tasks.get(taskId);
        if (current != null && epoch != 0 && current.context().lease.epoch() != epoch) {
            return Optional.of(status(current));
        }
        TaskRunner r = tasks.remove(taskId);
        if (r == null) {
            return Optional.empty();
        }
        r.stop();
        r.context().progress.state("STOPPED");
        return Optional.of(status(r));
    }

    public Optional<TaskStatus> status(String taskId) {
        TaskRunner r = tasks.get(taskId);
        return r == null ? Optional.empty() : Optional.of(status(r));
    }

    /** What other components (usage metering) may know of a running task. */
    public record TaskView(String taskId, TaskSpec spec, String phase, String state) {
    }

    public List<TaskView> views() {
        return tasks.values().stream().map(r -> new TaskView(r.context().taskId, r.context().spec,
                r.context().progress.phase(), r.context().progress.state())).toList();
    }

    public List<TaskStatus> all() {
        return tasks.values().stream().map(TaskRegistry::status).toList();
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        for (String id : List.copyOf(tasks.keySet())) {
            stop(id);
        }
    }
}
