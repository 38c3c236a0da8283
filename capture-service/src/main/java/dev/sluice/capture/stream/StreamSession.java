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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
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
    private volatile Future<?> running;

    public StreamSession(StreamObserver<StreamResponse> out, ExecutorService executor, Producer snapshot, Producer binlog) {
        this.out = (ServerCallStreamObserver<StreamResponse>) out;
        this.executor = executor;
        this.snapshot = snapshot;
        this.binlog = binlog;
        this.out.setOnCancelHandler(this::stop);
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
            if (!credits.isClosed()) {
                synchronized (out) {
                    out.onCompleted();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StatusRuntimeException e) {
            LOG.infof("task %s: %s ended: %s", s.getTaskId(), what, e.getStatus());
            fail(e.getStatus());
        } catch (Exception e) {
            LOG.warnf("task %s: %s failed: %s", s.getTaskId(), what, e.toString());
            fail(CaptureErrors.toStatus(e, s.getSpec().getSource()));
        } finally {
            credits.close();
        }
    }

    @Override
    public boolean send(ChangeBatch batch) throws InterruptedException {
        if (!credits.acquire()) {
            return false;
        }
        StreamResponse r = StreamResponse.newBuilder().setBatch(batch.toBuilder().setSequence(sequence.incrementAndGet())).build();
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
            if (!out.isCancelled()) {
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
        Future<?> f = running;
        if (f != null) {
            f.cancel(true);
        }
    }

    @Override
    public void onError(Throwable t) {
        stop();
    }

    @Override
    public void onCompleted() {
        stop();
    }
}
