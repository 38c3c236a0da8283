package dev.sluice.billing.pricing;

import java.math.BigDecimal;

/**
 * The price of one metered hour of one phase: schema and full are free; an incremental hour inside a
 * subscription is free; any other incremental hour costs its class's hourly price if the task was
 * RUNNING or RETRYING at some time in it, however briefly (every started hour counts), and nothing
 * if it was only paused or stopped.
 */
public record HourPrice(BillingMethod method, BigDecimal unitPrice, BigDecimal charge) {

    public static HourPrice of(PriceList prices, Phase phase, String instanceClass, boolean active, boolean inSubscription) {
        BillingMethod method = inSubscription ? BillingMethod.SUBSCRIPTION : BillingMethod.PAYG;
        if (!phase.charged() || inSubscription) {
            return new HourPrice(method, BigDecimal.ZERO, BigDecimal.ZERO);
        }
        BigDecimal unit = prices.get(instanceClass).pricePerHour();
        return new HourPrice(method, unit, active ? unit : BigDecimal.ZERO);
    }
}
