package dev.sluice.apply.verify;

/** The task's checkpoint did not pass the source position in time (gRPC FAILED_PRECONDITION: try again later). */
public class PositionNotReachedException extends Exception {

    private static final long serialVersionUID = 1L;

    public PositionNotReachedException(String message) {
        super(message);
    }
}
