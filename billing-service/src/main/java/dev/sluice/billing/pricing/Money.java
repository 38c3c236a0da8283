package dev.sluice.billing.pricing;

import java.math.BigDecimal;

/** Decimal text for the API: at least two decimals ("1.50", "0.00"), more only when the price has them ("0.125"). */
public final class Money {

    private Money() {
    }

    public static String text(BigDecimal amount) {
        BigDecimal stripped = amount.stripTrailingZeros();
        return stripped.scale() <= 2 ? amount.setScale(2).toPlainString() : stripped.toPlainString();
    }
}
