package dev.sluice.billing.meter;

import dev.sluice.billing.pricing.HourPrice;
import dev.sluice.billing.pricing.Phase;
import dev.sluice.billing.pricing.PriceList;
import dev.sluice.billing.subscription.SubscriptionEntity;
import dev.sluice.billing.usage.UsageValidator;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Keeps {@code metering_hour} equal to the rollup of the stored usage, priced. Hours are rebuilt from
 * all their records rather than incremented, so a late or re-sent record can never be counted twice.
 * Callers hold the task's lock ({@link dev.sluice.billing.TaskLocks}) and a transaction.
 */
@ApplicationScoped
public class Meter {

    private static final Logger LOG = Logger.getLogger(Meter.class);

    // rows and bytes count in the hour the window ends in (they were committed then); every hour the window touches sees its state
    private static final String USAGE_TOUCHING = """
            select r.phase, r.instanceClass, r.state, r.billingMethod, r.account,
                   sum(case when r.lastHour = :hour then r.rows else 0 end),
                   sum(case when r.lastHour = :hour then r.bytes else 0 end)
            from UsageRecordEntity r
            where r.taskId = :task and r.lastHour >= :hour and r.lastHour <= :horizon and r.firstHour <= :hour
            group by r.phase, r.instanceClass, r.state, r.billingMethod, r.account""";

    private final PriceList prices;

    public Meter(PriceList prices) {
        this.prices = prices;
    }

    public void rebuild(String taskId, Collection<Instant> hours) {
        List<SubscriptionEntity> subscriptions = SubscriptionEntity.forTask(taskId);
        for (Instant hour : hours) {
            Map<String, MeteringHourEntity> stored = new HashMap<>();
            for (MeteringHourEntity row : MeteringHourEntity.<MeteringHourEntity>list("taskId = ?1 and hourStart = ?2", taskId, hour)) {
                stored.put(row.phase, row);
            }
            boolean inSubscription = subscriptions.stream().anyMatch(s -> s.covers(hour));
            for (HourRollup.PhaseTotal total : HourRollup.of(usageTouching(taskId, hour))) {
                MeteringHourEntity row = stored.get(total.phase().name());
                boolean fresh = row == null;
                if (fresh) {
                    row = new MeteringHourEntity();
                    row.taskId = taskId;
                    row.hourStart = hour;
                    row.phase = total.phase().name();
                }
                row.account = total.account();
                row.rows = total.rows();
                row.bytes = total.bytes();
                row.active = total.active();
                row.instanceClass = prices.mostExpensive(total.classes());
                price(row, inSubscription);
                if (fresh) {
                    row.persist();
                }
                if (total.claimsSubscription() && !inSubscription && row.active && total.phase().charged()) {
                    LOG.warnf("task %s reports a subscription but none is recorded for %s: hour billed pay-as-you-go", taskId, hour);
                }
            }
        }
    }

    /** Prices the task's stored hours in [from, to) again: a subscription now covers them. */
    public void reprice(String taskId, Instant from, Instant to) {
        List<SubscriptionEntity> subscriptions = SubscriptionEntity.forTask(taskId);
        for (MeteringHourEntity row : MeteringHourEntity.<MeteringHourEntity>list(
                "taskId = ?1 and hourStart >= ?2 and hourStart < ?3", taskId, from, to)) {
            price(row, subscriptions.stream().anyMatch(s -> s.covers(row.hourStart)));
        }
    }

    private void price(MeteringHourEntity row, boolean inSubscription) {
        HourPrice p = HourPrice.of(prices, Phase.valueOf(row.phase), row.instanceClass, row.active, inSubscription);
        row.billingMethod = p.method().text;
        row.unitPrice = p.unitPrice();
        row.charge = p.charge();
        row.updatedAt = Instant.now();
    }

    /** The task's usage whose window touches {@code hour}, summed per everything that matters to the rollup. */
    private static List<UsageGroup> usageTouching(String taskId, Instant hour) {
        List<Object[]> groups = Panache.getEntityManager().createQuery(USAGE_TOUCHING, Object[].class)
                .setParameter("task", taskId).setParameter("hour", hour)
                // last_hour is indexed; windows are at most 24 hours long, which bounds the range scan
                .setParameter("horizon", hour.plus(UsageValidator.MAX_WINDOW).plusSeconds(3600))
                .getResultList();
        List<UsageGroup> out = new ArrayList<>(groups.size());
        for (Object[] g : groups) {
            out.add(new UsageGroup((String) g[0], (String) g[1], (String) g[2], (String) g[3], (String) g[4],
                    ((Number) g[5]).longValue(), ((Number) g[6]).longValue()));
        }
        return out;
    }
}
