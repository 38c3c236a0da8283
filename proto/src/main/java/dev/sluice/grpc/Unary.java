package dev.sluice.grpc;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Answers a unary gRPC call: the result, or the status the service maps the failure to. The call runs
 * before anything is sent, so a failure never follows a partial answer.
 */
public final class Unary {

    private Unary() {
    }

    public static <T> void respond(StreamObserver<T> out, Supplier<T> call, Function<RuntimeException, StatusRuntimeException> toStatus) {
        T result;
        try {
            result = call.get();
        } catch (RuntimeException e) {
            out.onError(toStatus.apply(e));
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }
}
