package dev.sluice.capture.etl;

import java.util.List;

/**
 * A task's ETL cannot be used: every problem found, one per line, each naming the table (db.table), the
 * expression and, where CEL knows it, the position (line:column). Raised when a task is created or
 * updated, so nothing starts with an expression that cannot run.
 */
public class EtlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public EtlException(String message) {
        this(List.of(message));
    }

    public EtlException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    /** The problems, one line each (the message joins them with newlines). */
    public List<String> problems() {
        return problems;
    }
}
