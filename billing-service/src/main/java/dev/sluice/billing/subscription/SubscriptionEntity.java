package dev.sluice.billing.subscription;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** A subscription bought for a task: [startsAt, endsAt) has no hourly charge. */
@Entity
@Table(name = "subscription")
public class SubscriptionEntity extends PanacheEntityBase {

    @Id
    @Column(name = "subscription_id")
    public String subscriptionId;
    @Column(name = "task_id")
    public String taskId;
    public String account;
    @Column(name = "instance_class")
    public String instanceClass;
    public int months;
    @Column(name = "starts_at")
    public Instant startsAt;
    @Column(name = "ends_at")
    public Instant endsAt;
    @Column(name = "price_per_month")
    public BigDecimal pricePerMonth;
    public BigDecimal price;
    @Column(name = "created_at")
    public Instant createdAt;

    public static List<SubscriptionEntity> forTask(String taskId) {
        return list("taskId", taskId);
    }

    /**
     * In force at some time during the hour starting at {@code hour}. An hour the subscription only
     * partly covers (it was bought at 10:20) is free: that hour was paid for by the subscription.
     */
    public boolean covers(Instant hour) {
        return startsAt.isBefore(hour.plusSeconds(3600)) && endsAt.isAfter(hour);
    }
}
