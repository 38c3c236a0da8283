package dev.sluice.control.lease;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** One assignment of a task to replicas (table lease_history), never changed afterwards. */
@Entity
@Table(name = "lease_history")
@IdClass(LeaseHistoryEntity.Key.class)
public class LeaseHistoryEntity extends PanacheEntityBase {

    @Id
    @Column(name = "task_id")
    public String taskId;
    @Id
    public long epoch;
    @Column(name = "apply_replica")
    public String applyReplica;
    @Column(name = "capture_replica")
    public String captureReplica;
    @Column(name = "assigned_at")
    public Instant assignedAt;
    public String reason;

    public static class Key implements Serializable {
        public String taskId;
        public long epoch;

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.taskId.equals(taskId) && k.epoch == epoch;
        }

        @Override
        public int hashCode() {
            return Objects.hash(taskId, epoch);
        }
    }
}
