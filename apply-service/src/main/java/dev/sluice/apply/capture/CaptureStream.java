package dev.sluice.apply.capture;

import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.Credit;
import dev.sluice.v1.StreamRequest;
import dev.sluice.v1.StreamResponse;
import dev.sluice.v1.Subscribe;
import io.grpc.Status;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The applier's end of a Stream call: subscribes, grants credit as it finishes batches, and hands
 * responses over through a queue that can never hold more than the credit granted.
 */
public final class CaptureStream implements AutoCloseable {

    /** Marks the end of the stream in the queue. */
    private static final Object END = new Object();

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final ClientCallStreamObserver<StreamRequest> requests;
    private volatile boolean closed;
    private volatile boolean halfClosed;
    /** Capture ended the call (completed or failed): nothing is left to cancel. */
    private volatile boolean ended;

    private CaptureStream(CaptureServiceGrpc.CaptureServiceStub stub, Subscribe subscribe, int credits) {
        Holder holder = new Holder();
        stub.stream(holder);
        this.requests = holder.requests;
        synchronized (requests) {
            requests.onNext(StreamRequest.newBuilder().setSubscribe(subscribe).build());
            requests.onNext(StreamRequest.newBuilder().setCredit(Credit.newBuilder().setBatches(credits)).build());
        }
    }

    public static CaptureStream open(CaptureServiceGrpc.CaptureServiceStub stub, Subscribe subscribe, int credits) {
        return new CaptureStream(stub, subscribe, credits);
    }

    /**
     * @return the next response, or null when none arrived within the timeout
     * @throws io.grpc.StatusRuntimeException when capture ended the stream with an error
     * @throws EndOfStream when capture completed the stream
     */
    public StreamResponse poll(long timeout, TimeUnit unit) throws InterruptedException {
        Object o = inbox.poll(timeout, unit);
        if (o == null) {
            return null;
        }
        if (o == END) {
            inbox.add(END);
            throw new EndOfStream();
        }
        if (o instanceof Throwable t) {
            inbox.add(t);
            throw Status.fromThrowable(t).asRuntimeException();
        }
        return (StreamResponse) o;
    }

    /** Grants one more batch, and tells capture what is committed. */
    public void grant(int batches, long ackedSequence) {
        if (closed || halfClosed) {
            return;
        }
        synchronized (requests) {
            requests.onNext(StreamRequest.newBuilder()
                    .setCredit(Credit.newBuilder().setBatches(batches).setAckedSequence(ackedSequence)).build());
        }
    }

    /**
     * Ends a stream that delivered all it had to (a whole chunk): half-closes it and waits until capture
     * ends the call. Neither side then resets the stream. A cancel instead (RST_STREAM) races with
     * capture's trailers, and the unified Quarkus gRPC server answers a late write to a reset stream
     * by tearing down the whole HTTP/2 connection (quarkusio/quarkus#56268: "Request stream N is not
     * correct for server connection"); and one RST per chunk trips its rapid-reset protection
     * (GOAWAY ENHANCE_YOUR_CALM "Maximum number of RST frames reached") when chunks are small.
     * gRPC's own client also resets a stream that the server ends before the client half-closed.
     */
    public void finish(long timeout, TimeUnit unit) throws InterruptedException {
        if (closed || ended) {
            return;
        }
        synchronized (requests) {
            halfClosed = true;
            requests.onCompleted();
        }
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return; // close() cancels it
            }
            Object o = inbox.poll(left, TimeUnit.NANOSECONDS);
            if (o == END || o instanceof Throwable) {
                ended = true;
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            if (ended) {
                return;
            }
            synchronized (requests) {
                requests.cancel("applier closed the stream", null);
            }
        }
    }

    /** Capture ended the stream normally (a chunk is complete). */
    public static final class EndOfStream extends RuntimeException {
        EndOfStream() {
            super("capture ended the stream", null, false, false);
        }
    }

    private final class Holder implements ClientResponseObserver<StreamRequest, StreamResponse> {
        ClientCallStreamObserver<StreamRequest> requests;

        @Override
        public void beforeStart(ClientCallStreamObserver<StreamRequest> r) {
            this.requests = r;
        }

        @Override
        public void onNext(StreamResponse value) {
            inbox.add(value);
        }

        @Override
        public void onError(Throwable t) {
            ended = true;
            inbox.add(t);
        }

        @Override
        public void onCompleted() {
            ended = true;
            inbox.add(END);
        }
    }
}
