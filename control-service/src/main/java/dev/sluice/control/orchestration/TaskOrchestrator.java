package dev.sluice.control.orchestration;

import dev.sluice.control.task.TaskService;
import dev.sluice.control.task.TaskState;
import dev.sluice.v1.ApplyServiceGrpc;
import dev.sluice.v1.ApplyStartRequest;
import dev.sluice.v1.ApplyStatusRequest;
import dev.sluice.v1.ApplyStopRequest;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.PrecheckRequest;
import dev.sluice.v1.PrecheckServiceGrpc;
import dev.sluice.v1.Task;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.TaskStatus;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * Drives tasks across the other services: control-service stores the desired state, apply-service
 * runs the data path, and this class reconciles the two. It never copies data itself.
 */
@ApplicationScoped
public class TaskOrchestrator {

    private static final Logger LOG = Logger.getLogger(TaskOrchestrator.class);

    private final TaskService tasks;
    @jakarta.inject.Inject
    ClassCeilings ceilings;

    @GrpcClient("apply")
    ApplyServiceGrpc.ApplyServiceBlockingStub apply;

    @GrpcClient("precheck")
    PrecheckServiceGrpc.PrecheckServiceBlockingStub precheck;

    public TaskOrchestrator(TaskService tasks) {
        this.tasks = tasks;
    }

    /** Runs the precheck, passing each result on as it arrives; the task ends READY or PRECHECK_FAILED. */
    public Task precheck(String id, Consumer<CheckResult> onResult) {
        tasks.transition(id, TaskState.PRECHECKING, null);
        java.util.Set<String> ignored = tasks.ignoredChecks(id);
        List<CheckResult> results = new ArrayList<>();
        try {
            Iterator<CheckResult> it = precheck.run(PrecheckRequest.newBuilder().setTaskId(id).setSpec(tasks.specWithSecrets(id)).build());
            while (it.hasNext()) {
                CheckResult r = it.next();
                if (r.getStatus() == CheckStatus.WARNING && ignored.contains(r.getId())) {
                    r = r.toBuilder().setIgnored(true).build();
                }
                results.add(r);
                onResult.accept(r);
            }
        } catch (RuntimeException e) {
            tasks.recordPrecheck(id, results, TaskState.PRECHECK_FAILED);
            throw e;
        }
        boolean blocked = results.stream().anyMatch(r -> r.getStatus() == CheckStatus.FAILED
                || r.getStatus() == CheckStatus.WARNING && !r.getIgnored());
        tasks.recordPrecheck(id, results, blocked ? TaskState.PRECHECK_FAILED : TaskState.READY);
        return tasks.get(id);
    }

    /** One lock per task: a reconcile round never restarts a task that a pause or stop is ending. */
    private final java.util.concurrent.ConcurrentHashMap<String, Object> locks = new java.util.concurrent.ConcurrentHashMap<>();

    private Object lock(String id) {
        return locks.computeIfAbsent(id, k -> new Object());
    }

    public Task start(String id) {
        synchronized (lock(id)) {
            tasks.transition(id, TaskState.RUNNING, null);
            startOnApply(id);
            return tasks.get(id);
        }
    }

    /** A running task picks up its new spec at once (apply-service restarts it from its checkpoint). */
    public Task update(String id, TaskSpec spec) {
        synchronized (lock(id)) {
            Task t = tasks.update(id, spec);
            if (TaskState.ACTIVE.contains(TaskState.valueOf(t.getState()))) {
                startOnApply(id);
            }
            return t;
        }
    }

    public Task pause(String id) {
        synchronized (lock(id)) {
            Task t = tasks.transition(id, TaskState.PAUSED, null);
            stopOnApply(id);
            return t;
        }
    }

    public Task stop(String id) {
        synchronized (lock(id)) {
            Task t = tasks.transition(id, TaskState.STOPPED, null);
            stopOnApply(id);
            return t;
        }
    }

    public Task delete(String id) {
        synchronized (lock(id)) {
            stopOnApply(id);
            return tasks.delete(id);
        }
    }

    /** Collects progress of running tasks, and restarts them on an apply-service that forgot them. */
    @Scheduled(every = "${sluice.control.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        for (String id : tasks.idsIn(List.copyOf(TaskState.ACTIVE))) {
            try {
                reconcile(id);
            } catch (RuntimeException e) {
                // one task's trouble must not keep the others from being polled
                LOG.warnf("reconciling task %s failed: %s", id, e.getMessage());
            }
        }
    }

    private void reconcile(String id) {
        synchronized (lock(id)) {
            if (!TaskState.ACTIVE.contains(TaskState.valueOf(tasks.get(id).getState()))) {
                return;
            }
            poll(id);
        }
    }

    private void poll(String id) {
        TaskStatus s;
        try {
            s = apply.getStatus(ApplyStatusRequest.newBuilder().setTaskId(id).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                LOG.infof("task %s is not running on apply-service; starting it from its checkpoint", id);
                startOnApply(id);
            } else {
                LOG.debugf("apply-service unreachable while polling task %s: %s", id, e.getStatus());
            }
            return;
        }
        tasks.recordStatus(id, s, stateFrom(s));
    }

    private static TaskState stateFrom(TaskStatus s) {
        switch (s.getState()) {
            case "FAILED":
                return TaskState.FAILED;
            case "COMPLETED":
                return TaskState.COMPLETED;
            case "RETRYING":
                return TaskState.RETRYING;
            case "RUNNING":
                return TaskState.RUNNING;
            default:
                return null;
        }
    }

    private void startOnApply(String id) {
        TaskSpec spec;
        try {
            spec = ceilings.apply(SharedRetry.apply(tasks.specWithSecrets(id), tasks.activeSpecs()));
        } catch (IllegalStateException e) {
            tasks.transition(id, TaskState.FAILED, e.getMessage());
            throw e;
        }
        try {
            apply.startTask(ApplyStartRequest.newBuilder().setTaskId(id).setSpec(spec).build());
        } catch (StatusRuntimeException e) {
            LOG.warnf("apply-service did not start task %s yet (%s); will retry", id, e.getStatus().getCode());
        }
    }

    private void stopOnApply(String id) {
        try {
            apply.stopTask(ApplyStopRequest.newBuilder().setTaskId(id).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }
}
