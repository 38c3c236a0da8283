package dev.sluice.billing.pricing;

/** The synchronization phases, as apply-service names them. Only INCREMENTAL is charged. */
public enum Phase {
    SCHEMA, FULL, INCREMENTAL;

    public boolean charged() {
        return this == INCREMENTAL;
    }
}
