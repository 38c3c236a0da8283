package dev.sluice.billing.meter;

/**
 * The records touching one hour that agree on everything but their window, summed by the database.
 * {@code rows} and {@code bytes} only count records whose window ends in that hour.
 */
public record UsageGroup(String phase, String instanceClass, String state, String billingMethod, String account, long rows, long bytes) {
}
