package dev.sluice.apply.verify;

import dev.sluice.model.Secrets;
import dev.sluice.model.UnstorableValueException;
import dev.sluice.v1.Endpoint;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * Runs one verification call and answers it, failures as gRPC statuses control can act on:
 * INVALID_ARGUMENT (a request that cannot be served), FAILED_PRECONDITION (position not reached yet, a
 * value PostgreSQL cannot store), ABORTED (the repair lock was not granted: retry), UNAVAILABLE
 * (destination unreachable), capture's own status for its failures. Passwords never leave in a description.
 */
public final class VerifyCalls {

    /** PostgreSQL's lock_not_available (lock_timeout) and the connection-exception class. */
    private static final String LOCK_NOT_AVAILABLE = "55P03";

    private VerifyCalls() {
    }

    public static <T> void respond(StreamObserver<T> out, Endpoint destination, Callable<T> call) {
        T result;
        try {
            result = call.call();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            out.onError(status(e, destination).asRuntimeException());
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    static Status status(Exception e, Endpoint destination) {
        String message = Secrets.scrub(String.valueOf(e.getMessage()), Secrets.password(destination));
        if (e instanceof IllegalArgumentException) {
            return Status.INVALID_ARGUMENT.withDescription(message);
        }
        if (e instanceof PositionNotReachedException || e instanceof UnstorableValueException) {
            return Status.FAILED_PRECONDITION.withDescription(message);
        }
        if (e instanceof StatusRuntimeException s) {
            return s.getStatus().withDescription("capture-service: " + s.getStatus().getDescription());
        }
        if (e instanceof InterruptedException) {
            return Status.CANCELLED.withDescription("apply-service is shutting down");
        }
        if (e instanceof SQLException s && LOCK_NOT_AVAILABLE.equals(s.getSQLState())) {
            return Status.ABORTED.withDescription("the table is busy (" + message + "); try again");
        }
        if (isConnection(e)) {
            return Status.UNAVAILABLE.withDescription("destination connection: " + message);
        }
        return Status.INTERNAL.withDescription(message);
    }

    private static boolean isConnection(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException || t instanceof SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
