package dev.sluice.billing.api;

import dev.sluice.v1.BillingServiceGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;

@GrpcService
@Blocking
public class BillingGrpcService extends BillingServiceGrpc.BillingServiceImplBase {
}
