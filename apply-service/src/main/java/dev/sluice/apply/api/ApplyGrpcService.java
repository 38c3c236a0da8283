package dev.sluice.apply.api;

import dev.sluice.v1.ApplyListRequest;
import dev.sluice.v1.ApplyListResponse;
import dev.sluice.v1.ApplyServiceGrpc;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

@GrpcService
@Blocking
public class ApplyGrpcService extends ApplyServiceGrpc.ApplyServiceImplBase {

    @Override
    public void listStatus(ApplyListRequest request, StreamObserver<ApplyListResponse> out) {
        out.onNext(ApplyListResponse.getDefaultInstance());
        out.onCompleted();
    }
}
