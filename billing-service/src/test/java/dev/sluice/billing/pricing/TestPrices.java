package dev.sluice.billing.pricing;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/** A price list for tests without Quarkus: small 0.50/h, large 2.00/h, odd 0.125/h. */
public final class TestPrices {

    public static final PriceList PRICES = new PriceList(Map.of(
            "small", new PriceList.InstanceClass("small", new BigDecimal("0.50"), new BigDecimal("240"), 5000),
            "large", new PriceList.InstanceClass("large", new BigDecimal("2.00"), new BigDecimal("960"), 20000),
            "odd", new PriceList.InstanceClass("odd", new BigDecimal("0.125"), new BigDecimal("90"), 1000)),
            List.of(1, 12));

    private TestPrices() {
    }
}
