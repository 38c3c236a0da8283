package dev.sluice.billing.pricing;

public enum BillingMethod {
    PAYG("payg"), SUBSCRIPTION("subscription");

    public final String text;

    BillingMethod(String text) {
        this.text = text;
    }

    /** null when {@code text} names no method */
    public static BillingMethod of(String text) {
        for (BillingMethod m : values()) {
            if (m.text.equalsIgnoreCase(text)) {
                return m;
            }
        }
        return null;
    }
}
