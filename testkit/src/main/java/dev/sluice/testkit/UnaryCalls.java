package dev.sluice.testkit;

import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.util.function.BiConsumer;

/**
 * Calls a unary gRPC method of a service bean directly (no channel), as the service's tests do: the
 * method under test is the service's code, not the transport.
 */
public final class UnaryCalls {

    private UnaryCalls() {
    }

    /** The method's response; an AssertionError when it failed. */
    public static <Q, R> R call(BiConsumer<Q, StreamObserver<R>> method, Q request) {
        Collector<R> out = run(method, request);
        if (out.error != null) {
            throw new AssertionError("call failed: " + out.error.getMessage(), out.error);
        }
        return out.value;
    }

    /** The status the method failed with; an AssertionError when it did not fail with one. */
    public static <Q, R> StatusRuntimeException failure(BiConsumer<Q, StreamObserver<R>> method, Q request) {
        Collector<R> out = run(method, request);
        if (!(out.error instanceof StatusRuntimeException status)) {
            throw new AssertionError("expected a gRPC status, got " + (out.error == null ? "a response: " + out.value : out.error));
        }
        return status;
    }

    private static <Q, R> Collector<R> run(BiConsumer<Q, StreamObserver<R>> method, Q request) {
        Collector<R> out = new Collector<>();
        method.accept(request, out);
        return out;
    }

    private static final class Collector<T> implements StreamObserver<T> {
        T value;
        Throwable error;

        @Override
        public void onNext(T v) {
            value = v;
        }

        @Override
        public void onError(Throwable t) {
            error = t;
        }

        @Override
        public void onCompleted() {
        }
    }
}
