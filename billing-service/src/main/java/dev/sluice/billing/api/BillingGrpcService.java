package dev.sluice.billing.api;

import dev.sluice.grpc.Unary;
import dev.sluice.billing.InvalidRequestException;
import dev.sluice.billing.bill.Bills;
import dev.sluice.billing.meter.MeteringPages;
import dev.sluice.billing.pricing.Money;
import dev.sluice.billing.pricing.PriceList;
import dev.sluice.billing.subscription.SubscriptionConflictException;
import dev.sluice.billing.subscription.Subscriptions;
import dev.sluice.billing.usage.UsageIntake;
import dev.sluice.v1.Bill;
import dev.sluice.v1.BillingServiceGrpc;
import dev.sluice.v1.GetBillRequest;
import dev.sluice.v1.InstanceClass;
import dev.sluice.v1.ListInstanceClassesRequest;
import dev.sluice.v1.ListInstanceClassesResponse;
import dev.sluice.v1.ListMeteringRequest;
import dev.sluice.v1.ListMeteringResponse;
import dev.sluice.v1.RecordSubscriptionRequest;
import dev.sluice.v1.Subscription;
import dev.sluice.v1.UsageAck;
import dev.sluice.v1.UsageReport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.quarkus.grpc.GrpcService;
import io.smallrye.common.annotation.Blocking;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/** The public API. Every error leaves as a gRPC status with a one-line description. */
@GrpcService
@Blocking
public class BillingGrpcService extends BillingServiceGrpc.BillingServiceImplBase {

    private static final Logger LOG = Logger.getLogger(BillingGrpcService.class);

    private final UsageIntake intake;
    private final MeteringPages metering;
    private final Bills bills;
    private final Subscriptions subscriptions;
    private final PriceList prices;

    public BillingGrpcService(UsageIntake intake, MeteringPages metering, Bills bills, Subscriptions subscriptions, PriceList prices) {
        this.intake = intake;
        this.metering = metering;
        this.bills = bills;
        this.subscriptions = subscriptions;
        this.prices = prices;
    }

    @Override
    public void reportUsage(UsageReport request, StreamObserver<UsageAck> out) {
        unary(out, () -> {
            UsageIntake.Ack ack = intake.report(request);
            return UsageAck.newBuilder().setAccepted(ack.accepted()).setDuplicates(ack.duplicates()).build();
        });
    }

    @Override
    public void listMeteringRecords(ListMeteringRequest request, StreamObserver<ListMeteringResponse> out) {
        unary(out, () -> metering.list(request));
    }

    @Override
    public void getBill(GetBillRequest request, StreamObserver<Bill> out) {
        unary(out, () -> bills.get(request));
    }

    @Override
    public void recordSubscription(RecordSubscriptionRequest request, StreamObserver<Subscription> out) {
        unary(out, () -> subscriptions.record(request));
    }

    @Override
    public void listInstanceClasses(ListInstanceClassesRequest request, StreamObserver<ListInstanceClassesResponse> out) {
        unary(out, () -> {
            ListInstanceClassesResponse.Builder r = ListInstanceClassesResponse.newBuilder();
            for (PriceList.InstanceClass c : prices.all()) {
                r.addClasses(InstanceClass.newBuilder().setName(c.name()).setPricePerHour(Money.text(c.pricePerHour()))
                        .setPricePerMonth(Money.text(c.pricePerMonth())).setRowsPerSecond(c.rowsPerSecond()));
            }
            return r.build();
        });
    }

    private static <T> void unary(StreamObserver<T> out, Supplier<T> call) {
        Unary.respond(out, call, BillingGrpcService::toStatus);
    }

    static StatusRuntimeException toStatus(RuntimeException e) {
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (e instanceof InvalidRequestException) {
            return Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
        }
        if (e instanceof SubscriptionConflictException c) {
            Status status = c.kind == SubscriptionConflictException.Kind.ID_TAKEN ? Status.ALREADY_EXISTS : Status.FAILED_PRECONDITION;
            return status.withDescription(e.getMessage()).asRuntimeException();
        }
        LOG.error("request failed", e);
        return Status.INTERNAL.withDescription(oneLine(e.getMessage())).asRuntimeException();
    }

    private static String oneLine(String message) {
        return message == null ? "internal error" : message.lines().findFirst().orElse("internal error");
    }
}
