package dev.sluice.billing.pricing;

/** A task's state during a usage window. RETRYING is billed like RUNNING (the seed guide charges during retries). */
public enum TaskActivity {
    RUNNING, RETRYING, PAUSED, STOPPED, FAILED, COMPLETED;

    public boolean billable() {
        return this == RUNNING || this == RETRYING;
    }
}
