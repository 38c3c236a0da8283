package dev.sluice.billing.pricing;

import io.smallrye.config.ConfigMapping;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** {@code sluice.billing.*}: the instance classes and the subscription lengths on sale. */
@ConfigMapping(prefix = "sluice.billing")
public interface BillingConfig {

    /** By class name (micro, small, ...). */
    Map<String, InstanceClassConfig> classes();

    SubscriptionConfig subscription();

    interface InstanceClassConfig {
        BigDecimal pricePerHour();

        BigDecimal pricePerMonth();

        /** The incremental throughput the class promises; the default incremental throttle. */
        long rowsPerSecond();
    }

    interface SubscriptionConfig {
        /** Lengths that can be bought, in months. */
        List<Integer> months();
    }
}
