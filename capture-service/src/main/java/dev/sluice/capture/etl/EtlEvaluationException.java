package dev.sluice.capture.etl;

/**
 * An expression failed on one row (division by zero, overflow, a function applied to NULL, a result the
 * column cannot hold). The message names the table, the row's key, the expression and CEL's error; the
 * task retries it as an "other" error and then fails with this message.
 */
public class EtlEvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EtlEvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
