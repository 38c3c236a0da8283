package dev.sluice.apply.task;

import dev.sluice.apply.progress.TaskProgress;
import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.TaskStatus;
import io.grpc.Channel;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.grpc.GrpcClient;
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

    @GrpcClient("capture")
    CaptureServiceGrpc.CaptureServiceBlockingStub captureCalls;

    /** Streams need the plain async stub, which Quarkus does not inject: it is built on the client's channel. */
    @GrpcClient("capture")
    Channel captureChannel;

    public TaskRegistry(ApplyConfig config, MeterRegistry metrics) {
        this.config = config;
        this.metrics = metrics;
    }

    /** Starts the task from its checkpoint; a running task with the same spec is left alone. */
    public synchronized TaskStatus start(String taskId, TaskSpec spec) throws InterruptedException {
        TaskRunner current = tasks.get(taskId);
        if (current != null && current.isAlive() && current.context().spec.equals(spec)) {
            return current.context().progress.toStatus();
        }
        if (current != null) {
            current.stop();
        }
        TaskContext ctx = new TaskContext(taskId, spec, config, new TaskProgress(taskId, metrics), captureCalls, CaptureServiceGrpc.newStub(captureChannel));
        TaskRunner runner = new TaskRunner(ctx);
        tasks.put(taskId, runner);
        runner.start();
        return ctx.progress.toStatus();
    }

    public synchronized Optional<TaskStatus> stop(String taskId) throws InterruptedException {
        TaskRunner r = tasks.remove(taskId);
        if (r == null) {
            return Optional.empty();
        }
        r.stop();
        r.context().progress.state("STOPPED");
        return Optional.of(r.context().progress.toStatus());
    }

    public Optional<TaskStatus> status(String taskId) {
        TaskRunner r = tasks.get(taskId);
        return r == null ? Optional.empty() : Optional.of(r.context().progress.toStatus());
    }

    /** What other components (usage metering) may know of a running task. */
    public record TaskView(String taskId, TaskSpec spec, String phase, String state) {
    }

    public List<TaskView> views() {
        return tasks.values().stream().map(r -> new TaskView(r.context().taskId, r.context().spec,
                r.context().progress.phase(), r.context().progress.state())).toList();
    }

    public List<TaskStatus> all() {
        return tasks.values().stream().map(r -> r.context().progress.toStatus()).toList();
    }

    @PreDestroy
    void shutdown() throws InterruptedException {
        for (String id : List.copyOf(tasks.keySet())) {
            stop(id);
        }
    }
}
