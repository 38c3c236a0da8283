package dev.sluice.apply.task;

import dev.sluice.model.UnstorableValueException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.sql.SQLException;

/**
 * The seed guide's two retry windows: connection failures (source, destination or between services)
 * and everything else. Some failures cannot get better by retrying and fail the task at once.
 */
enum ErrorClass {
    CONNECTION, OTHER, FATAL;

    static ErrorClass of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FatalTaskException || t instanceof UnstorableValueException) {
                return FATAL;
            }
            if (t instanceof StatusRuntimeException s) {
                Status.Code c = s.getStatus().getCode();
                switch (c) {
                    case UNAVAILABLE:
                    case DEADLINE_EXCEEDED:
                    case CANCELLED:
                    case ABORTED:
                    case RESOURCE_EXHAUSTED:
                        return CONNECTION;
                    case FAILED_PRECONDITION:
                    case INVALID_ARGUMENT:
                    case NOT_FOUND:
                    case PERMISSION_DENIED:
                    case UNAUTHENTICATED:
                        return FATAL;
                    default:
                        return OTHER;
                }
            }
            if (t instanceof SQLException s && s.getSQLState() != null) {
                String state = s.getSQLState();
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) {
                    return CONNECTION;
                }
            }
            if (t instanceof IOException) {
                return CONNECTION;
            }
        }
        return OTHER;
    }
}
