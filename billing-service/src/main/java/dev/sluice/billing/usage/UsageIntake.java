package dev.sluice.billing.usage;

import dev.sluice.billing.TaskLocks;
import dev.sluice.billing.UtcHours;
import dev.sluice.billing.meter.Meter;
import dev.sluice.billing.pricing.PriceList;
import dev.sluice.v1.UsageReport;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Stores reported usage once per record id and brings the hours it touches up to date, in one transaction. */
@ApplicationScoped
public class UsageIntake {

    public record Ack(int accepted, int duplicates) {
    }

    // HQL, not native SQL, so the table is found in the configured default schema
    private static final String INSERT = """
            insert into UsageRecordEntity (recordId, taskId, account, phase, state, instanceClass, billingMethod,
                                           rows, bytes, windowStart, windowEnd, firstHour, lastHour)
            values (:recordId, :taskId, :account, :phase, :state, :instanceClass, :billingMethod,
                    :rows, :bytes, :windowStart, :windowEnd, :firstHour, :lastHour)
            on conflict do nothing""";

    private final UsageValidator validator;
    private final TaskLocks locks;
    private final Meter meter;

    public UsageIntake(PriceList prices, TaskLocks locks, Meter meter) {
        this.validator = new UsageValidator(prices);
        this.locks = locks;
        this.meter = meter;
    }

    /** All or nothing: an invalid record refuses the report before anything is stored. */
    @Transactional
    public Ack report(UsageReport report) {
        List<Usage> usages = validator.validate(report);
        locks.lock(usages.stream().map(Usage::taskId).toList());
        Map<String, SortedSet<Instant>> touched = new TreeMap<>();
        int accepted = 0;
        for (Usage u : usages) {
            if (insert(u)) {
                accepted++;
                touched.computeIfAbsent(u.taskId(), t -> new TreeSet<>()).addAll(UtcHours.range(u.firstHour(), u.lastHour()));
            }
        }
        // duplicates change nothing, so only hours touched by new records are rebuilt
        touched.forEach(meter::rebuild);
        return new Ack(accepted, usages.size() - accepted);
    }

    private static boolean insert(Usage u) {
        int inserted = Panache.getEntityManager().createQuery(INSERT)
                .setParameter("recordId", u.recordId())
                .setParameter("taskId", u.taskId())
                .setParameter("account", u.account())
                .setParameter("phase", u.phase().name())
                .setParameter("state", u.state().name())
                .setParameter("instanceClass", u.instanceClass())
                .setParameter("billingMethod", u.billingMethod().text)
                .setParameter("rows", u.rows())
                .setParameter("bytes", u.bytes())
                .setParameter("windowStart", u.windowStart())
                .setParameter("windowEnd", u.windowEnd())
                .setParameter("firstHour", u.firstHour())
                .setParameter("lastHour", u.lastHour())
                .executeUpdate();
        return inserted == 1;
    }
}
