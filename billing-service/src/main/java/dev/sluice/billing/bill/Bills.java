package dev.sluice.billing.bill;

import dev.sluice.billing.InvalidRequestException;
import dev.sluice.billing.UtcHours;
import dev.sluice.billing.pricing.BillingMethod;
import dev.sluice.billing.pricing.Money;
import dev.sluice.billing.pricing.Phase;
import dev.sluice.billing.subscription.SubscriptionEntity;
import dev.sluice.v1.Bill;
import dev.sluice.v1.BillLine;
import dev.sluice.v1.GetBillRequest;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A month's bill for one task or one account: one line per task, phase, class and price from the
 * metered hours (quantity = the hours the task was active), plus one line per subscription that
 * starts in the month. The total is the sum of the lines.
 */
@ApplicationScoped
public class Bills {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("uuuu-MM");

    // grouped in the database: an account's month can hold hundreds of thousands of hours
    private static final String HOUR_LINES = """
            select h.taskId, h.phase, h.instanceClass, h.billingMethod, h.unitPrice,
                   sum(case when h.active then 1 else 0 end), sum(h.charge), sum(h.rows), sum(h.bytes)
            from MeteringHourEntity h
            where h.%s = :owner and h.hourStart >= :from and h.hourStart < :to
            group by h.taskId, h.phase, h.instanceClass, h.billingMethod, h.unitPrice""";

    @Transactional
    public Bill get(GetBillRequest request) {
        boolean byAccount = !request.getAccount().isEmpty();
        if (byAccount == !request.getTaskId().isEmpty()) {
            throw new InvalidRequestException("account, task_id", byAccount ? "give one, not both" : "give one of them");
        }
        YearMonth month = parseMonth(request.getMonth());
        Instant from = UtcHours.monthStart(month);
        Instant to = UtcHours.monthStart(month.plusMonths(1));
        String owner = byAccount ? request.getAccount() : request.getTaskId();

        List<BillLine> lines = new ArrayList<>(hourLines(byAccount ? "account" : "taskId", owner, from, to));
        for (SubscriptionEntity s : SubscriptionEntity.<SubscriptionEntity>list(
                (byAccount ? "account" : "taskId") + " = ?1 and startsAt >= ?2 and startsAt < ?3", owner, from, to)) {
            lines.add(BillLine.newBuilder().setTaskId(s.taskId).setItem("SUBSCRIPTION").setInstanceClass(s.instanceClass)
                    .setBillingMethod(BillingMethod.SUBSCRIPTION.text).setQuantity(s.months).setUnit("month")
                    .setUnitPrice(Money.text(s.pricePerMonth)).setAmount(Money.text(s.price)).build());
        }
        lines.sort(Comparator.comparing(BillLine::getTaskId).thenComparing(Bills::itemOrder)
                .thenComparing(BillLine::getBillingMethod).thenComparing(BillLine::getInstanceClass)
                .thenComparing(l -> new BigDecimal(l.getUnitPrice())));
        BigDecimal total = lines.stream().map(l -> new BigDecimal(l.getAmount())).reduce(BigDecimal.ZERO, BigDecimal::add);
        return Bill.newBuilder().setMonth(month.format(MONTH)).setAccount(request.getAccount()).setTaskId(request.getTaskId())
                .addAllLines(lines).setTotal(Money.text(total)).build();
    }

    private static List<BillLine> hourLines(String ownerColumn, String owner, Instant from, Instant to) {
        List<Object[]> groups = Panache.getEntityManager().createQuery(HOUR_LINES.formatted(ownerColumn), Object[].class)
                .setParameter("owner", owner).setParameter("from", from).setParameter("to", to).getResultList();
        List<BillLine> out = new ArrayList<>();
        for (Object[] g : groups) {
            long activeHours = ((Number) g[5]).longValue();
            BigDecimal amount = (BigDecimal) g[6];
            long rows = ((Number) g[7]).longValue();
            long bytes = ((Number) g[8]).longValue();
            if (activeHours == 0 && rows == 0 && bytes == 0 && amount.signum() == 0) {
                continue; // only paused or stopped, nothing moved: nothing to show
            }
            out.add(BillLine.newBuilder().setTaskId((String) g[0]).setItem((String) g[1]).setInstanceClass((String) g[2])
                    .setBillingMethod((String) g[3]).setQuantity(activeHours).setUnit("hour")
                    .setUnitPrice(Money.text((BigDecimal) g[4])).setAmount(Money.text(amount)).setRows(rows).setBytes(bytes).build());
        }
        return out;
    }

    private static YearMonth parseMonth(String text) {
        try {
            return YearMonth.parse(text, MONTH);
        } catch (DateTimeParseException e) {
            throw new InvalidRequestException("month", "expected YYYY-MM (e.g. 2026-11), got '" + text + "'");
        }
    }

    /** SCHEMA, FULL, INCREMENTAL, then SUBSCRIPTION. */
    private static int itemOrder(BillLine line) {
        return line.getItem().equals("SUBSCRIPTION") ? Phase.values().length : Phase.valueOf(line.getItem()).ordinal();
    }
}
