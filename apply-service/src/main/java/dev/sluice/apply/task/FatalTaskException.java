package dev.sluice.apply.task;

/** A failure retrying cannot fix (conflicting tables, a schema change, ...): the task fails at once. */
public class FatalTaskException extends RuntimeException {
    public FatalTaskException(String message) {
        super(message);
    }

    public FatalTaskException(String message, Throwable cause) {
        super(message, cause);
    }
}
