package dev.sluice.capture.stream;

import dev.sluice.model.Secrets;
import dev.sluice.v1.Endpoint;
import io.grpc.Status;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns failures into gRPC statuses the applier can classify: UNAVAILABLE for connection trouble
 * (retried for retry.connectionMinutes), FAILED_PRECONDITION for what retrying cannot fix,
 * INTERNAL for the rest (retried for retry.otherMinutes). Passwords never leave in a description.
 */
public final class CaptureErrors {

    private CaptureErrors() {
    }

    public static Status toStatus(Throwable e, Endpoint source) {
        String message = Secrets.scrub(String.valueOf(e.getMessage()), Secrets.password(source));
        if (e instanceof FatalCaptureException) {
            return Status.FAILED_PRECONDITION.withDescription(message);
        }
        if (isConnection(e)) {
            return Status.UNAVAILABLE.withDescription("source connection: " + message);
        }
        return Status.INTERNAL.withDescription(message);
    }

    static boolean isConnection(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
