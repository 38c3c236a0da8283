package dev.sluice.apply.verify;

import dev.sluice.apply.checkpoint.CheckpointStore;
import dev.sluice.apply.task.ApplyConfig;
import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.ChecksumRequest;
import dev.sluice.v1.ChecksumResponse;
import dev.sluice.v1.RepairRequest;
import dev.sluice.v1.RepairResponse;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;

/** apply-service's side of verification (ChecksumRanges, RowHashes, RepairRows); capture is asked for source rows only. */
@ApplicationScoped
public class DestinationVerifier {

    /** A ReadRows call fetches at most a few hundred rows by key; the table stays locked meanwhile. */
    private static final long READ_ROWS_DEADLINE_SECONDS = 60;

    private final CheckpointStore checkpoints;
    private final RowRepair.SourceRows sourceRows;

    @GrpcClient("capture")
    CaptureServiceGrpc.CaptureServiceBlockingStub capture;

    @Inject
    public DestinationVerifier(ApplyConfig config) {
        this.checkpoints = new CheckpointStore(config.checkpointSchema());
        this.sourceRows = req -> capture.withDeadlineAfter(READ_ROWS_DEADLINE_SECONDS, TimeUnit.SECONDS).readRows(req);
    }

    /** For tests: another checkpoint schema, and source rows from elsewhere than capture-service. */
    DestinationVerifier(String checkpointSchema, RowRepair.SourceRows sourceRows) {
        this.checkpoints = new CheckpointStore(checkpointSchema);
        this.sourceRows = sourceRows;
    }

    public ChecksumResponse checksums(ChecksumRequest r) throws SQLException, PositionNotReachedException, InterruptedException {
        try (DestinationRead read = DestinationRead.open(r.getSpec().getDestination(), checkpoints, r.getTaskId(), r.getAtLeast(),
                r.getWaitSeconds())) {
            return DestinationChecksums.compute(read, r.getTable(), r.getRangesList());
        }
    }

    public RowHashResponse rowHashes(RowHashRequest r) throws SQLException, PositionNotReachedException, InterruptedException {
        try (DestinationRead read = DestinationRead.open(r.getSpec().getDestination(), checkpoints, r.getTaskId(), r.getAtLeast(),
                r.getWaitSeconds())) {
            return DestinationRowHashes.compute(read, r);
        }
    }

    public RepairResponse repair(RepairRequest r) throws SQLException {
        return RowRepair.repair(r, sourceRows);
    }
}
