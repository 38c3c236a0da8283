package dev.sluice.model;

/** A source value that the mapped PostgreSQL column cannot hold; the task fails rather than change it. */
public class UnstorableValueException extends RuntimeException {
    public UnstorableValueException(String message) {
        super(message);
    }
}
