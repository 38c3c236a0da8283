package dev.sluice.control.lease;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A task's current lease (table task_lease). Only {@link Leases} touches it. */
@Entity
@Table(name = "task_lease")
public class LeaseEntity extends PanacheEntityBase {

    @Id
    @Column(name = "task_id")
    public String taskId;
    public long epoch;
    @Column(name = "apply_replica")
    public String applyReplica;
    @Column(name = "capture_replica")
    public String captureReplica;
    @Column(name = "renewed_at")
    public Instant renewedAt;
}
