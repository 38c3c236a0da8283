package dev.sluice.capture.stream;

/** A failure that retrying cannot fix (purged binlog, schema change on a synchronized table, ...). */
public class FatalCaptureException extends RuntimeException {
    public FatalCaptureException(String message) {
        super(message);
    }
}
