package dev.sluice.capture.api;

import dev.sluice.capture.binlog.BinlogReader;
import dev.sluice.capture.etl.SampleRow;
import dev.sluice.capture.etl.TableEtl;
import dev.sluice.capture.etl.TaskEtls;
import dev.sluice.capture.schema.SchemaReader;
import dev.sluice.capture.snapshot.ChunkPlanner;
import dev.sluice.capture.snapshot.ChunkReader;
import dev.sluice.capture.snapshot.QueryPacer;
import dev.sluice.capture.source.PositionReader;
import dev.sluice.capture.source.SourceConnections;
import dev.sluice.capture.stream.CaptureErrors;
import dev.sluice.capture.stream.StreamSession;
import dev.sluice.capture.verify.RangeChecksums;
import dev.sluice.capture.verify.SourceRowHashes;
import dev.sluice.capture.verify.SourceRowReader;
import dev.sluice.v1.ChecksumRequest;
import dev.sluice.v1.ChecksumResponse;
import dev.sluice.v1.PlanRangeRequest;
import dev.sluice.v1.ReadRowsRequest;
import dev.sluice.v1.ReadRowsResponse;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.EtlTestRequest;
import dev.sluice.v1.EtlTestResponse;
import dev.sluice.v1.TableSchema;
import dev.sluice.v1.Value;
import java.util.List;
import dev.sluice.v1.PlanSnapshotRequest;
import dev.sluice.v1.PlanSnapshotResponse;
import dev.sluice.v1.PositionRequest;
import dev.sluice.v1.SchemaRequest;
import dev.sluice.v1.SchemaResponse;
import dev.sluice.v1.SourcePosition;
import dev.sluice.v1.StreamRequest;
import dev.sluice.v1.StreamResponse;
import dev.sluice.v1.TaskSpec;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.PreDestroy;
import java.sql.Connection;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** capture-service's API. It keeps no durable state: every call says where to read from. */
@GrpcService
public class CaptureGrpcService extends CaptureServiceGrpc.CaptureServiceImplBase {

    /** Producers block on credit and on the source: they get threads of their own, not the event loop. */
    private final ExecutorService producers = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "capture-producer");
        t.setDaemon(true);
        return t;
    });
    private final ChunkReader chunkReader;
    private final BinlogReader binlogReader = new BinlogReader();
    private final RangeChecksums checksums;
    private final SourceRowHashes rowHashes;
    private final SourceRowReader rowReader;

    public CaptureGrpcService(QueryPacer pacer) {
        this.chunkReader = new ChunkReader(pacer);
        this.checksums = new RangeChecksums(pacer);
        this.rowHashes = new SourceRowHashes(pacer);
        this.rowReader = new SourceRowReader(pacer);
    }

    @FunctionalInterface
    interface SourceCall<T> {
        T call(Connection c) throws Exception;
    }

    @Override
    @Blocking
    public void getSchema(SchemaRequest request, StreamObserver<SchemaResponse> out) {
        withSource(request.getSpec(), out, c -> TaskEtls.plan(SchemaReader.read(c, request.getSpec()), request.getSpec()));
    }

    @Override
    @Blocking
    public void testEtl(EtlTestRequest request, StreamObserver<EtlTestResponse> out) {
        withSource(request.getSpec(), out, c -> {
            TableSchema t = TaskEtls.plan(SchemaReader.read(c, request.getSpec()), request.getSpec()).getTablesList().stream()
                    .filter(x -> (x.getDatabase() + "." + x.getName()).equals(request.getTable())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("table: " + request.getTable()
                            + " is not among the task's tables (give database.table, source names)"));
            List<Value> row = SampleRow.parse(request.getRowJson(), t);
            TableEtl etl = TaskEtls.compiled(t);
            boolean matches = etl == null || !etl.hasFilter() || etl.matches(row);
            return EtlTestResponse.newBuilder().setMatches(matches)
                    .setOutputJson(matches ? SampleRow.json(t, etl == null ? row : etl.transform(row)) : "").build();
        });
    }

    @Override
    @Blocking
    public void getSourcePosition(PositionRequest request, StreamObserver<SourcePosition> out) {
        withSource(request.getSpec(), out, PositionReader::current);
    }

    @Override
    @Blocking
    public void planSnapshot(PlanSnapshotRequest request, StreamObserver<PlanSnapshotResponse> out) {
        withSource(request.getSpec(), out, c -> ChunkPlanner.plan(c, request.getTable(), Math.max(1, request.getChunkRows())));
    }

    @Override
    @Blocking
    public void checksumRanges(ChecksumRequest request, StreamObserver<ChecksumResponse> out) {
        withSource(request.getSpec(), out, c -> checksums.compute(c, request));
    }

    @Override
    @Blocking
    public void rowHashes(RowHashRequest request, StreamObserver<RowHashResponse> out) {
        withSource(request.getSpec(), out, c -> rowHashes.compute(c, request));
    }

    @Override
    @Blocking
    public void planRange(PlanRangeRequest request, StreamObserver<PlanSnapshotResponse> out) {
        withSource(request.getSpec(), out, c -> ChunkPlanner.planRange(c, request.getTable(), Math.max(1, request.getChunkRows()),
                request.getRange()));
    }

    @Override
    @Blocking
    public void readRows(ReadRowsRequest request, StreamObserver<ReadRowsResponse> out) {
        withSource(request.getSpec(), out, c -> rowReader.read(c, request));
    }

    @Override
    public StreamObserver<StreamRequest> stream(StreamObserver<StreamResponse> out) {
        return new StreamSession(out, producers, chunkReader, binlogReader);
    }

    private static <T> void withSource(TaskSpec spec, StreamObserver<T> out, SourceCall<T> call) {
        T result;
        try (Connection c = SourceConnections.open(spec.getSource())) {
            result = call.call(c);
        } catch (IllegalArgumentException e) {
            out.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
            return;
        } catch (Exception e) {
            out.onError(CaptureErrors.toStatus(e, spec.getSource()).asRuntimeException());
            return;
        }
        out.onNext(result);
        out.onCompleted();
    }

    @PreDestroy
    void shutdown() {
        producers.shutdownNow();
    }
}
