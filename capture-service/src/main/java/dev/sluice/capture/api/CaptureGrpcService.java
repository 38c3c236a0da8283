package dev.sluice.capture.api;

import dev.sluice.capture.source.PositionReader;
import dev.sluice.capture.source.SourceConnections;
import dev.sluice.v1.CaptureServiceGrpc;
import dev.sluice.v1.PositionRequest;
import dev.sluice.v1.SourcePosition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.sql.Connection;
import java.sql.SQLException;

@GrpcService
@Blocking
public class CaptureGrpcService extends CaptureServiceGrpc.CaptureServiceImplBase {

    @Override
    public void getSourcePosition(PositionRequest request, StreamObserver<SourcePosition> out) {
        try (Connection c = SourceConnections.open(request.getSpec().getSource())) {
            out.onNext(PositionReader.current(c));
            out.onCompleted();
        } catch (SQLException e) {
            out.onError(Status.UNAVAILABLE.withDescription("source: " + SourceConnections.safeMessage(e, request.getSpec().getSource()))
                    .asRuntimeException());
        }
    }
}
