package dev.sluice.apply.capture;

import dev.sluice.auth.AddressedChannels;
import dev.sluice.v1.CaptureServiceGrpc;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.quarkus.grpc.GrpcClient;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Channels to capture-service replicas. control-service names the replica each task streams from
 * (scale-out); a task started without one uses the configured client (SLUICE_CAPTURE_HOST/PORT).
 * One channel per address, shared by the tasks that use it.
 */
@ApplicationScoped
public class CaptureChannels {

    /** As the configured client's quarkus.grpc.clients.capture.max-inbound-message-size. */
    private static final int MAX_INBOUND = 268435456;

    @GrpcClient("capture")
    Channel configured;

    private final Map<String, ManagedChannel> byAddress = new ConcurrentHashMap<>();

    @Inject
    AddressedChannels opener;

    public Channel channel(String address) {
        if (address == null || address.isBlank()) {
            return configured;
        }
        return byAddress.computeIfAbsent(address, a -> opener.open(a, MAX_INBOUND));
    }

    public CaptureServiceGrpc.CaptureServiceBlockingStub calls(String address) {
        return CaptureServiceGrpc.newBlockingStub(channel(address)).withMaxInboundMessageSize(MAX_INBOUND);
    }

    public CaptureServiceGrpc.CaptureServiceStub streams(String address) {
        return CaptureServiceGrpc.newStub(channel(address)).withMaxInboundMessageSize(MAX_INBOUND);
    }

    @PreDestroy
    void close() throws InterruptedException {
        for (ManagedChannel c : byAddress.values()) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
