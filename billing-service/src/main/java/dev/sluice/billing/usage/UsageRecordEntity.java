package dev.sluice.billing.usage;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * A stored usage record. Written only by {@link UsageIntake} (insert-if-absent), never changed; read
 * summed per hour by {@link dev.sluice.billing.meter.Meter}.
 */
@Entity
@Table(name = "usage_record")
public class UsageRecordEntity extends PanacheEntityBase {

    @Id
    @Column(name = "record_id")
    public String recordId;
    @Column(name = "task_id")
    public String taskId;
    public String account;
    public String phase;
    public String state;
    @Column(name = "instance_class")
    public String instanceClass;
    @Column(name = "billing_method")
    public String billingMethod;
    public long rows;
    public long bytes;
    @Column(name = "window_start")
    public Instant windowStart;
    @Column(name = "window_end")
    public Instant windowEnd;
    @Column(name = "first_hour")
    public Instant firstHour;
    @Column(name = "last_hour")
    public Instant lastHour;
}
