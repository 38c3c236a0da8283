package dev.sluice.billing.subscription;

/** The subscription cannot be recorded as asked: its id is taken by other terms, or the task is already covered then. */
public class SubscriptionConflictException extends RuntimeException {

    public enum Kind { ID_TAKEN, OVERLAP }

    public final Kind kind;

    public SubscriptionConflictException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }
}
