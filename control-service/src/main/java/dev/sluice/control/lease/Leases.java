package dev.sluice.control.lease;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The leases in the metadata database. control-service renews a task's lease while its apply replica
 * answers for it and its capture replica is up; one not renewed for the lease timeout is reassigned under
 * a higher epoch, and the destination's fence (apply-service) stops the old holder from writing.
 */
@ApplicationScoped
public class Leases {

    @Transactional
    public Optional<Lease> current(String taskId) {
        LeaseEntity e = LeaseEntity.findById(taskId);
        return Optional.ofNullable(e).map(Leases::toLease);
    }

    /** Gives the task to these replicas under the next epoch, and records why. */
    @Transactional
    public Lease assign(String taskId, String applyReplica, String captureReplica, String reason) {
        LeaseEntity e = LeaseEntity.findById(taskId, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE);
        boolean first = e == null;
        if (first) {
            e = new LeaseEntity();
            e.taskId = taskId;
            e.epoch = 0;
        }
        e.epoch++;
        e.applyReplica = applyReplica;
        e.captureReplica = captureReplica;
        e.renewedAt = Instant.now();
        if (first) {
            e.persist();
        }
        LeaseHistoryEntity h = new LeaseHistoryEntity();
        h.taskId = taskId;
        h.epoch = e.epoch;
        h.applyReplica = applyReplica;
        h.captureReplica = captureReplica;
        h.assignedAt = e.renewedAt;
        h.reason = reason;
        h.persist();
        return toLease(e);
    }

    /** Renews the lease if it is still this epoch's. */
    @Transactional
    public void renew(String taskId, long epoch) {
        LeaseEntity.update("renewedAt = ?1 where taskId = ?2 and epoch = ?3", Instant.now(), taskId, epoch);
    }

    /** The task runs nowhere now (paused, stopped); the epoch stays. */
    @Transactional
    public void release(String taskId) {
        LeaseEntity.update("applyReplica = null, captureReplica = null where taskId = ?1", taskId);
    }

    @Transactional
    public void forget(String taskId) {
        LeaseEntity.deleteById(taskId);
        LeaseHistoryEntity.delete("taskId", taskId);
    }

    /** How many assigned tasks each replica holds, by address. */
    public record Load(Map<String, Integer> apply, Map<String, Integer> capture) {
    }

    @Transactional
    public Load load() {
        Load out = new Load(new HashMap<>(), new HashMap<>());
        for (LeaseEntity e : LeaseEntity.<LeaseEntity>listAll()) {
            if (e.applyReplica != null) {
                out.apply().merge(e.applyReplica, 1, Integer::sum);
                out.capture().merge(e.captureReplica, 1, Integer::sum);
            }
        }
        return out;
    }

    private static Lease toLease(LeaseEntity e) {
        return new Lease(e.taskId, e.epoch, e.applyReplica, e.captureReplica, e.renewedAt);
    }
}
