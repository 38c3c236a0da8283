package dev.sluice.billing.subscription;

import static dev.sluice.billing.Fields.maxLength;
import static dev.sluice.billing.Fields.required;

import dev.sluice.billing.InvalidRequestException;
import dev.sluice.billing.TaskLocks;
import dev.sluice.billing.UtcHours;
import dev.sluice.billing.meter.Meter;
import dev.sluice.billing.pricing.Money;
import dev.sluice.billing.pricing.PriceList;
import dev.sluice.v1.RecordSubscriptionRequest;
import dev.sluice.v1.Subscription;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/** Records subscriptions (idempotent per subscription id) and takes the hours they cover off the hourly charge. */
@ApplicationScoped
public class Subscriptions {

    private final PriceList prices;
    private final TaskLocks locks;
    private final Meter meter;

    public Subscriptions(PriceList prices, TaskLocks locks, Meter meter) {
        this.prices = prices;
        this.locks = locks;
        this.meter = meter;
    }

    @Transactional
    public Subscription record(RecordSubscriptionRequest request) {
        SubscriptionEntity asked = validate(request);
        locks.lock(List.of(asked.taskId));
        SubscriptionEntity existing = SubscriptionEntity.findById(asked.subscriptionId);
        if (existing != null) {
            if (!sameTerms(existing, asked)) {
                throw new SubscriptionConflictException(SubscriptionConflictException.Kind.ID_TAKEN, "subscription_id: "
                        + asked.subscriptionId + " is already recorded with other terms (" + describe(existing) + ")");
            }
            return toProto(existing);
        }
        for (SubscriptionEntity other : SubscriptionEntity.forTask(asked.taskId)) {
            if (other.startsAt.isBefore(asked.endsAt) && other.endsAt.isAfter(asked.startsAt)) {
                throw new SubscriptionConflictException(SubscriptionConflictException.Kind.OVERLAP, "task " + asked.taskId
                        + " already has subscription " + other.subscriptionId + " (" + describe(other) + ") in that period");
            }
        }
        asked.createdAt = Instant.now();
        asked.persist();
        meter.reprice(asked.taskId, UtcHours.floor(asked.startsAt), asked.endsAt);
        return toProto(asked);
    }

    private SubscriptionEntity validate(RecordSubscriptionRequest r) {
        SubscriptionEntity s = new SubscriptionEntity();
        s.subscriptionId = required("subscription_id", r.getSubscriptionId(), 128);
        s.taskId = required("task_id", r.getTaskId(), 64);
        s.account = maxLength("account", r.getAccount(), 128);
        if (r.getInstanceClass().isBlank()) {
            throw new InvalidRequestException("instance_class", "required");
        }
        PriceList.InstanceClass c = prices.require("instance_class", r.getInstanceClass().strip().toLowerCase(Locale.ROOT));
        s.instanceClass = c.name();
        if (r.getStartMs() <= 0) {
            throw new InvalidRequestException("start_ms", "required (epoch milliseconds)");
        }
        if (!prices.subscriptionMonths().contains(r.getMonths())) {
            throw new InvalidRequestException("months", "expected one of " + prices.subscriptionMonths() + " (1-9 months, 1, 2, 3 or 5 years), got "
                    + r.getMonths());
        }
        s.months = r.getMonths();
        s.startsAt = Instant.ofEpochMilli(r.getStartMs());
        s.endsAt = UtcHours.plusMonths(s.startsAt, s.months);
        s.pricePerMonth = c.pricePerMonth();
        s.price = c.pricePerMonth().multiply(BigDecimal.valueOf(s.months));
        return s;
    }

    /** The price is not compared: a retry after a price change still means the order already recorded. */
    private static boolean sameTerms(SubscriptionEntity a, SubscriptionEntity b) {
        return a.taskId.equals(b.taskId) && a.account.equals(b.account) && a.instanceClass.equals(b.instanceClass)
                && a.months == b.months && Objects.equals(a.startsAt, b.startsAt);
    }

    private static String describe(SubscriptionEntity s) {
        return "task " + s.taskId + ", " + s.instanceClass + ", " + s.months + " months from " + s.startsAt;
    }

    public static Subscription toProto(SubscriptionEntity s) {
        return Subscription.newBuilder().setSubscriptionId(s.subscriptionId).setTaskId(s.taskId).setAccount(s.account)
                .setInstanceClass(s.instanceClass).setStartMs(s.startsAt.toEpochMilli()).setEndMs(s.endsAt.toEpochMilli())
                .setMonths(s.months).setPrice(Money.text(s.price)).build();
    }
}
