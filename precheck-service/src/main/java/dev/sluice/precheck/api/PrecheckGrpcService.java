package dev.sluice.precheck.api;

import dev.sluice.model.Secrets;
import dev.sluice.precheck.checks.PrecheckRunner;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.PrecheckRequest;
import dev.sluice.v1.PrecheckServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

@GrpcService
@Blocking
public class PrecheckGrpcService extends PrecheckServiceGrpc.PrecheckServiceImplBase {

    private final PrecheckRunner runner;

    public PrecheckGrpcService(PrecheckRunner runner) {
        this.runner = runner;
    }

    @Override
    public void run(PrecheckRequest request, StreamObserver<CheckResult> out) {
        try {
            runner.run(request.getSpec(), out::onNext);
            out.onCompleted();
        } catch (RuntimeException e) {
            String msg = Secrets.scrub(e.getMessage(), request.getSpec().getSource().getPassword(), request.getSpec().getDestination().getPassword());
            out.onError(Status.INTERNAL.withDescription(msg).asRuntimeException());
        }
    }
}
