package dev.sluice.apply.api;

import dev.sluice.apply.task.Lease;
import dev.sluice.apply.task.TaskRegistry;
import dev.sluice.apply.verify.DestinationVerifier;
import dev.sluice.apply.verify.VerifyCalls;
import dev.sluice.v1.ApplyListRequest;
import dev.sluice.v1.ApplyListResponse;
import dev.sluice.v1.ApplyServiceGrpc;
import dev.sluice.v1.ApplyStartRequest;
import dev.sluice.v1.ApplyStatusRequest;
import dev.sluice.v1.ApplyStopRequest;
import dev.sluice.v1.ChecksumRequest;
import dev.sluice.v1.ChecksumResponse;
import dev.sluice.v1.RepairRequest;
import dev.sluice.v1.RepairResponse;
import dev.sluice.v1.RowHashRequest;
import dev.sluice.v1.RowHashResponse;
import dev.sluice.v1.TaskStatus;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.Optional;

@GrpcService
@Blocking
public class ApplyGrpcService extends ApplyServiceGrpc.ApplyServiceImplBase {

    private final TaskRegistry tasks;
    private final DestinationVerifier verifier;

    public ApplyGrpcService(TaskRegistry tasks, DestinationVerifier verifier) {
        this.tasks = tasks;
        this.verifier = verifier;
    }

    @Override
    public void startTask(ApplyStartRequest request, StreamObserver<TaskStatus> out) {
        try {
            out.onNext(tasks.start(request.getTaskId(), request.getSpec(),
                    new Lease(request.getLeaseEpoch(), request.getReplica(), request.getCaptureAddress())));
            out.onCompleted();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(Status.CANCELLED.asRuntimeException());
        }
    }

    @Override
    public void stopTask(ApplyStopRequest request, StreamObserver<TaskStatus> out) {
        try {
            reply(tasks.stop(request.getTaskId(), request.getLeaseEpoch()), request.getTaskId(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.onError(Status.CANCELLED.asRuntimeException());
        }
    }

    @Override
    public void getStatus(ApplyStatusRequest request, StreamObserver<TaskStatus> out) {
        reply(tasks.status(request.getTaskId()), request.getTaskId(), out);
    }

    @Override
    public void listStatus(ApplyListRequest request, StreamObserver<ApplyListResponse> out) {
        out.onNext(ApplyListResponse.newBuilder().addAllTasks(tasks.all()).build());
        out.onCompleted();
    }

    @Override
    public void checksumRanges(ChecksumRequest request, StreamObserver<ChecksumResponse> out) {
        VerifyCalls.respond(out, request.getSpec().getDestination(), () -> verifier.checksums(request));
    }

    @Override
    public void rowHashes(RowHashRequest request, StreamObserver<RowHashResponse> out) {
        VerifyCalls.respond(out, request.getSpec().getDestination(), () -> verifier.rowHashes(request));
    }

    @Override
    public void repairRows(RepairRequest request, StreamObserver<RepairResponse> out) {
        VerifyCalls.respond(out, request.getSpec().getDestination(), () -> verifier.repair(request));
    }

    private static void reply(Optional<TaskStatus> status, String id, StreamObserver<TaskStatus> out) {
        if (status.isEmpty()) {
            out.onError(Status.NOT_FOUND.withDescription("task " + id + " is not running on this apply-service").asRuntimeException());
            return;
        }
        out.onNext(status.get());
        out.onCompleted();
    }
}
