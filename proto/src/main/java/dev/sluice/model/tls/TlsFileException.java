package dev.sluice.model.tls;

import java.sql.SQLNonTransientConnectionException;

/**
 * A certificate or key file named in the task's tls settings cannot be used. A connection error (SQLState
 * 08000): nothing can be connected until the file is fixed where the service runs.
 */
public class TlsFileException extends SQLNonTransientConnectionException {

    public TlsFileException(String message, Throwable cause) {
        super(message, "08000", cause);
    }
}
