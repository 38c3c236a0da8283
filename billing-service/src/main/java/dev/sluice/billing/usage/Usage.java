package dev.sluice.billing.usage;

import dev.sluice.billing.UtcHours;
import dev.sluice.billing.pricing.BillingMethod;
import dev.sluice.billing.pricing.Phase;
import dev.sluice.billing.pricing.TaskActivity;
import java.time.Instant;

/** One usage record, checked and normalized. The window is [windowStart, windowEnd). */
public record Usage(String recordId, String taskId, String account, Phase phase, TaskActivity state,
        String instanceClass, BillingMethod billingMethod, long rows, long bytes, Instant windowStart, Instant windowEnd) {

    public Instant firstHour() {
        return UtcHours.floor(windowStart);
    }

    /** The hour holding the window's last instant; rows and bytes count here (they were committed at the end). */
    public Instant lastHour() {
        return windowEnd.isAfter(windowStart) ? UtcHours.floor(windowEnd.minusMillis(1)) : firstHour();
    }
}
