package dev.sluice.billing.meter;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;

/** One task, one UTC hour, one phase: what was synchronized and what it costs. Written only by {@link Meter}. */
@Entity
@Table(name = "metering_hour")
public class MeteringHourEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "task_id")
    public String taskId;
    @Column(name = "hour_start")
    public Instant hourStart;
    public String phase;
    public String account;
    public long rows;
    public long bytes;
    public boolean active;
    @Column(name = "instance_class")
    public String instanceClass;
    @Column(name = "billing_method")
    public String billingMethod;
    @Column(name = "unit_price")
    public BigDecimal unitPrice;
    public BigDecimal charge;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
