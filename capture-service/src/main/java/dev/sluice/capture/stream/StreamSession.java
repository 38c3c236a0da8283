package dev.sluice.capture.stream;

import dev.sluice.v1.ChangeBatch;
import dev.sluice.v1.Heartbeat;
import dev.sluice.v1.StreamRequest;
import dev.sluice.v1.StreamResponse;
import dev.sluice.v1.Subscribe;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * One Stream call: the first request says what to read, later ones grant credit. The producer runs
 * on its own thread and blocks on credit, never on the gRPC event loop.
 */
public final class StreamSession implements StreamObserver<StreamRequest>, BatchSink {

    private static final Logger LOG = Logger.getLogger(StreamSession.class);

    /** Reads what a Subscribe asks for and delivers it to the sink until done, cancelled or failed. */
    public interface Producer {
        void run(Subscribe subscribe, BatchSink sink) throws Exception;
    }

    private final ServerCallStreamObserver<StreamResponse> out;
    private final ExecutorService executor;
    private final Producer snapshot;
    private final Producer binlog;
    private final CreditGate credits = new CreditGate();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile Future<?> running;
    /** The applier reset the stream: nothing more may be written to it. */
    private volatile boolean cancelled;
    /** The applier half-closed the stream: it wants nothing more, and the call ends normally. */
    private volatile boolean halfClosed;
    /** The producer delivered everything it was asked for (a whole chunk). */
    private volatile boolean delivered;
    private final CountDownLatch clientDone = new CountDownLatch(1);

    public StreamSession(StreamObserver<StreamResponse> out, ExecutorService executor, Producer snapshot, Producer binlog) {
        this.out = (ServerCallStreamObserver<StreamResponse>) out;
        this.executor = executor;
        this.snapshot = snapshot;
        this.binlog = binlog;
        this.out.setOnCancelHandler(() -> {
            cancelled = true;
            stop();
        });
    }

    @Override
    public void onNext(StreamRequest request) {
        switch (request.getKindCase()) {
            case SUBSCRIBE:
                if (running != null) {
                    fail(Status.FAILED_PRECONDITION.withDescription("one Subscribe per stream"));
                    return;
                }
                Subscribe s = request.getSubscribe();
                Producer p = s.hasChunk() ? snapshot : binlog;
                running = executor.submit(() -> produce(p, s));
                break;
            case CREDIT:
                credits.grant(request.getCredit().getBatches());
                break;
            default:
                break;
        }
    }

    private void produce(Producer p, Subscribe s) {
        String what = s.hasChunk() ? "chunk " + s.getChunk().getDatabase() + "." + s.getChunk().getTable() + "#" + s.getChunk().getChunkNo()
                : "binlog from " + s.getPosition().getGtidSet() + " " + s.getPosition().getBinlogFile() + ":" + s.getPosition().getBinlogPosition();
        Thread.currentThread().setName("capture-" + s.getTaskId());
        try {
            p.run(s, this);
            if (delivered) {
                // End the call only after the applier half-closed (it does once it has the whole chunk):
                // trailers before its half-close make its gRPC client reset the stream, and a reset
                // per chunk trips the server's rapid-reset protection (GOAWAY ENHANCE_YOUR_CALM).
                clientDone.await(30, TimeUnit.SECONDS);
                complete();
            } else if (halfClosed) {
                complete();
            }
            // Otherwise the stream was closed under the producer (cancelled, failed): nothing may be written.
        } catch (InterruptedException e) {
            if (halfClosed) {
                complete(); // stopped because the applier half-closed; a shutdown must not look like an end
            }
            Thread.currentThread().interrupt();
        } catch (StatusRuntimeException e) {
            LOG.infof("task %s: %s ended: %s", s.getTaskId(), what, e.getStatus());
            fail(e.getStatus());
        } catch (Exception e) {
            if (halfClosed) {
                complete(); // the applier stopped us: what failed is the reading we were asked to stop
            } else {
                LOG.warnf("task %s: %s failed: %s", s.getTaskId(), what, e.toString());
                fail(CaptureErrors.toStatus(e, s.getSpec().getSource()));
            }
        } finally {
            credits.close();
        }
    }

    /** Ends the call normally, once, unless the applier reset it (a write to a reset stream breaks the connection). */
    private void complete() {
        synchronized (out) {
            if (!cancelled && !out.isCancelled() && ended.compareAndSet(false, true)) {
                out.onCompleted();
            }
        }
    }

    @Override
    public boolean send(ChangeBatch batch) throws InterruptedException {
        if (!credits.acquire()) {
            return false;
        }
        StreamResponse r = StreamResponse.newBuilder().setBatch(batch.toBuilder().setSequence(sequence.incrementAndGet())).build();
        if (batch.getChunkComplete()) {
            delivered = true; // a half-close from now on needs no stop: the producer ends the call itself
        }
        synchronized (out) {
            if (out.isCancelled()) {
                return false;
            }
            out.onNext(r);
        }
        return true;
    }

    @Override
    public void heartbeat(Heartbeat heartbeat) {
        synchronized (out) {
            if (!out.isCancelled() && out.isReady()) {
                out.onNext(StreamResponse.newBuilder().setHeartbeat(heartbeat).build());
            }
        }
    }

    @Override
    public boolean isClosed() {
        return credits.isClosed();
    }

    private void fail(Status status) {
        credits.close();
        synchronized (out) {
            if (!cancelled && !out.isCancelled() && ended.compareAndSet(false, true)) {
                try {
                    out.onError(status.asRuntimeException());
                } catch (IllegalStateException alreadyClosed) {
                    // the call ended meanwhile: nothing left to tell
                }
            }
        }
    }

    private void stop() {
        credits.close();
        clientDone.countDown();
        Future<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
    }

    @Override
    public void onError(Throwable t) {
        cancelled = true;
        stop();
    }

    /** The applier half-closed: a delivered chunk stream then ends; anything else stops and ends normally. */
    @Override
    public void onCompleted() {
        halfClosed = true;
        clientDone.countDown();
        if (delivered) {
            return;
        }
        Future<?> f = running;
        if (f == null) {
            complete();
        } else {
            stop();
        }
    }
}
