package dev.sluice.billing;

import dev.sluice.v1.BillingServiceGrpc;
import dev.sluice.v1.UsageRecord;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URL;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** A real gRPC client on the test instance's port, and builders for the usage the tests report. */
final class BillingApi implements AutoCloseable {

    final ManagedChannel channel;
    final BillingServiceGrpc.BillingServiceBlockingStub stub;

    BillingApi(URL url) {
        channel = ManagedChannelBuilder.forAddress(url.getHost(), url.getPort()).usePlaintext().build();
        stub = BillingServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
    }

    static String newTaskId() {
        return "t-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A RUNNING record on class small, pay-as-you-go, with a fresh record id. */
    static UsageRecord.Builder usage(String taskId, String phase, String from, String to, long rows) {
        return UsageRecord.newBuilder().setRecordId(UUID.randomUUID().toString()).setTaskId(taskId).setPhase(phase)
                .setState("RUNNING").setInstanceClass("small").setBillingMethod("payg").setRows(rows).setBytes(rows * 100)
                .setWindowStartMs(ms(from)).setWindowEndMs(ms(to));
    }

    static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
