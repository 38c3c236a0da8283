package dev.sluice.control.orchestration;

import dev.sluice.control.lease.ReplicaChannels;
import dev.sluice.control.lease.Lease;
import dev.sluice.control.lease.Leases;
import dev.sluice.control.lease.ReplicaChooser;
import dev.sluice.control.lease.Replicas;
import dev.sluice.control.task.TaskNotFoundException;
import dev.sluice.control.task.TaskService;
import dev.sluice.control.task.TaskState;
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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Drives tasks across the other services: control-service stores the desired state, apply-service
 * runs the data path, and this class reconciles the two. It never copies data itself.
 *
 * <p>With several capture and apply replicas, each running task holds a lease ({@link Leases}): one apply
 * and one capture replica under an epoch. Every round probes the replicas and renews the lease of each
 * task whose apply replica answers for it while its capture replica is up; a lease not renewed for
 * sluice.control.lease-timeout moves to replicas that are up, under the next epoch, and the task resumes
 * there from its checkpoint. The destination fences by epoch, so the old holder cannot write any more.
 */
@ApplicationScoped
public class TaskOrchestrator {

    private static final Logger LOG = Logger.getLogger(TaskOrchestrator.class);

    private final TaskService tasks;
    @jakarta.inject.Inject
    ClassCeilings ceilings;

    @jakarta.inject.Inject
    Leases leases;
    @jakarta.inject.Inject
    Replicas replicas;
    @jakarta.inject.Inject
    ReplicaChannels applyCalls;
    @ConfigProperty(name = "sluice.control.lease-timeout")
    Duration leaseTimeout;

    private static final long STATUS_MILLIS = 3000;
    /** Starting or stopping a task on apply-service waits for its previous runner to end (up to 20 s there). */
    private static final long START_STOP_MILLIS = 30000;
    private static final Set<String> ENDED = Set.of("FENCED", "FAILED", "STOPPED", "COMPLETED");

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
            startOnApply(id, "started");
            return tasks.get(id);
        }
    }

    /** A running task picks up its new spec at once (apply-service restarts it from its checkpoint). */
    public Task update(String id, TaskSpec spec) {
        synchronized (lock(id)) {
            Task t = tasks.update(id, spec);
            if (TaskState.ACTIVE.contains(TaskState.valueOf(t.getState()))) {
                startOnApply(id, "spec updated");
            }
            return t;
        }
    }

    public Task pause(String id) {
        synchronized (lock(id)) {
            Task t = tasks.transition(id, TaskState.PAUSED, null);
            stopOnApply(id);
            leases.release(id);
            return t;
        }
    }

    public Task stop(String id) {
        synchronized (lock(id)) {
            Task t = tasks.transition(id, TaskState.STOPPED, null);
            stopOnApply(id);
            leases.release(id);
            return t;
        }
    }

    public Task delete(String id) {
        synchronized (lock(id)) {
            stopOnApply(id);
            Task t = tasks.delete(id);
            leases.forget(id);
            return t;
        }
    }

    /**
     * Probes the replicas, stops tasks running where they should not (a replica that came back after its
     * tasks moved), then collects progress of running tasks, renewing, moving or restarting them.
     */
    @Scheduled(every = "${sluice.control.poll-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconcile() {
        replicas.probe();
        stopStrays();
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
        Lease lease = leases.current(id).orElse(null);
        if (lease == null || !lease.assigned()) {
            startOnApply(id, "not assigned");
            return;
        }
        if (Duration.between(lease.renewedAt(), Instant.now()).compareTo(leaseTimeout) > 0 && wouldMove(lease)) {
            // Not renewed for the lease timeout, and replicas that are up can take it over.
            startOnApply(id, "lease of epoch " + lease.epoch() + " expired");
            return;
        }
        if (!replicas.isUp(lease.applyReplica())) {
            // not renewed; a hung replica is not asked (each call would wait for its deadline)
            return;
        }
        TaskStatus s;
        try {
            s = applyCalls.apply(lease.applyReplica(), STATUS_MILLIS).getStatus(ApplyStatusRequest.newBuilder().setTaskId(id).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                LOG.infof("task %s is not running on apply-service %s; starting it from its checkpoint", id, lease.applyReplica());
                startOnApply(id, "not running on its replica");
            } else {
                LOG.debugf("apply-service %s unreachable while polling task %s: %s", lease.applyReplica(), id, e.getStatus());
            }
            return;
        }
        if (s.getLeaseEpoch() != lease.epoch()) {
            // The replica runs the task under an older lease: the start call of this one did not arrive.
            startOnApply(id, "replica runs epoch " + s.getLeaseEpoch());
            return;
        }
        if ("FENCED".equals(s.getState())) {
            // The destination knows a higher epoch than this lease (metadata restored from a backup, say):
            // only a higher one can run the task there.
            Lease next = leases.assign(id, lease.applyReplica(), lease.captureReplica(), "fenced at epoch " + lease.epoch() + ": " + s.getLastError());
            LOG.warnf("task %s was fenced at epoch %d in its destination; trying epoch %d", id, lease.epoch(), next.epoch());
            startOnApply(id, "fenced");
            return;
        }
        TaskState state = stateFrom(s);
        if (state == TaskState.FAILED || state == TaskState.COMPLETED) {
            // It runs nowhere any more: its replicas' share goes to other tasks (a restart gets the next epoch).
            leases.release(id);
        } else if (replicas.isUp(lease.captureReplica())) {
            leases.renew(id, lease.epoch());
        }
        tasks.recordStatus(id, s, state);
    }

    private boolean wouldMove(Lease lease) {
        Leases.Load load = leases.load();
        return !ReplicaChooser.choose(replicas.apply(), replicas.up(), load.apply(), lease.applyReplica()).equals(lease.applyReplica())
                || !ReplicaChooser.choose(replicas.capture(), replicas.up(), load.capture(), lease.captureReplica()).equals(lease.captureReplica());
    }

    /** Tasks an apply replica runs although their lease is elsewhere, or nowhere: stopped there. */
    private void stopStrays() {
        for (String replica : replicas.apply()) {
            for (TaskStatus s : replicas.runningOn(replica)) {
                if (ENDED.contains(s.getState())) {
                    continue;
                }
                String id = s.getTaskId();
                synchronized (lock(id)) {
                    boolean wanted;
                    try {
                        wanted = TaskState.ACTIVE.contains(TaskState.valueOf(tasks.get(id).getState()))
                                && leases.current(id).map(l -> replica.equals(l.applyReplica()) && l.epoch() == s.getLeaseEpoch()).orElse(false);
                    } catch (TaskNotFoundException e) {
                        wanted = false;
                    }
                    if (!wanted) {
                        LOG.infof("task %s (epoch %d) runs on apply-service %s without its lease; stopping it there", id, s.getLeaseEpoch(), replica);
                        stopQuietly(replica, id, s.getLeaseEpoch());
                    }
                }
            }
        }
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

    /**
     * Runs the task on the replicas of its lease, if they are up; otherwise on the least loaded replicas
     * that are, under the next epoch (the previous apply replica is asked to stop it, if it still answers).
     */
    private void startOnApply(String id, String reason) {
        TaskSpec spec;
        try {
            spec = ceilings.apply(SharedRetry.apply(tasks.specWithSecrets(id), tasks.activeSpecs()));
        } catch (IllegalStateException e) {
            tasks.transition(id, TaskState.FAILED, e.getMessage());
            throw e;
        }
        replicas.probeIfNever();
        Lease lease = leases.current(id).orElse(null);
        Leases.Load load = leases.load();
        String applyAt = ReplicaChooser.choose(replicas.apply(), replicas.up(), load.apply(), lease == null ? null : lease.applyReplica());
        String captureAt = ReplicaChooser.choose(replicas.capture(), replicas.up(), load.capture(), lease == null ? null : lease.captureReplica());
        if (lease == null || !applyAt.equals(lease.applyReplica()) || !captureAt.equals(lease.captureReplica())) {
            Lease old = lease;
            lease = leases.assign(id, applyAt, captureAt, reason);
            LOG.infof("task %s: lease epoch %d on apply-service %s, capture-service %s (%s)", id, lease.epoch(), applyAt, captureAt, reason);
            if (old != null && old.assigned() && !old.applyReplica().equals(applyAt) && replicas.isUp(old.applyReplica())) {
                stopQuietly(old.applyReplica(), id, old.epoch());
            }
        }
        if (!replicas.isUp(lease.applyReplica())) {
            LOG.debugf("apply-service %s is not answering; task %s starts when it does, or when its lease moves", lease.applyReplica(), id);
            return;
        }
        try {
            applyCalls.apply(lease.applyReplica(), START_STOP_MILLIS).startTask(ApplyStartRequest.newBuilder().setTaskId(id).setSpec(spec)
                    .setLeaseEpoch(lease.epoch()).setReplica(lease.applyReplica()).setCaptureAddress(lease.captureReplica()).build());
        } catch (StatusRuntimeException e) {
            LOG.warnf("apply-service %s did not start task %s yet (%s); will retry", lease.applyReplica(), id, e.getStatus().getCode());
        }
    }

    /** Stops the task wherever it runs: its lease's replica and any replica that reported it. */
    private void stopOnApply(String id) {
        replicas.probeIfNever();
        Set<String> at = new java.util.LinkedHashSet<>();
        leases.current(id).filter(Lease::assigned).ifPresent(l -> at.add(l.applyReplica()));
        for (String r : replicas.apply()) {
            if (replicas.runningOn(r).stream().anyMatch(s -> s.getTaskId().equals(id))) {
                at.add(r);
            }
        }
        if (at.isEmpty()) {
            // not started since this control-service started, or never: ask every replica that is up
            replicas.apply().stream().filter(replicas::isUp).forEach(r -> stopQuietly(r, id, 0));
            return;
        }
        for (String r : at) {
            if (!replicas.isUp(r)) {
                // a replica that is down runs nothing; if it comes back with the task, stopStrays stops it
                LOG.infof("apply-service %s is not answering; task %s is stopped there when it comes back", r, id);
                continue;
            }
            try {
                applyCalls.apply(r, START_STOP_MILLIS).stopTask(ApplyStopRequest.newBuilder().setTaskId(id).build());
            } catch (StatusRuntimeException e) {
                if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }

    /** Stops the task on one replica, only the runner of this epoch unless it is 0; failures only logged. */
    private void stopQuietly(String replica, String id, long epoch) {
        try {
            applyCalls.apply(replica, START_STOP_MILLIS).stopTask(ApplyStopRequest.newBuilder().setTaskId(id).setLeaseEpoch(epoch).build());
        } catch (StatusRuntimeException e) {
            LOG.debugf("stopping task %s on apply-service %s: %s", id, replica, e.getStatus().getCode());
        }
    }
}
