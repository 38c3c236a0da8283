package dev.sluice.control.lease;

import dev.sluice.auth.AddressedChannels;
import dev.sluice.v1.ApplyServiceGrpc;
import dev.sluice.v1.CaptureServiceGrpc;
import grpc.health.v1.HealthGrpc;
import io.grpc.ManagedChannel;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** gRPC channels to each capture-service and apply-service replica, by address (host:port). */
@ApplicationScoped
public class ReplicaChannels {

    /** Verification reads rows and hashes in large messages (as the services' own limit). */
    private static final int MAX_INBOUND = 268435456;

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();
    private final AddressedChannels opener;

    public ReplicaChannels(AddressedChannels opener) {
        this.opener = opener;
    }

    private ManagedChannel channel(String address) {
        return channels.computeIfAbsent(address, a -> opener.open(a, MAX_INBOUND));
    }

    /** A stub for one call; the deadline keeps a hung replica from holding up the others' reconciling. */
    public ApplyServiceGrpc.ApplyServiceBlockingStub apply(String address, long timeoutMillis) {
        return ApplyServiceGrpc.newBlockingStub(channel(address)).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    /** Stubs without a deadline, for verification (which sets its own). */
    public ApplyServiceGrpc.ApplyServiceBlockingStub apply(String address) {
        return ApplyServiceGrpc.newBlockingStub(channel(address)).withMaxInboundMessageSize(MAX_INBOUND);
    }

    /** The replica's gRPC health service (open without a token), for liveness probes of capture replicas. */
    public HealthGrpc.HealthBlockingStub health(String address, long timeoutMillis) {
        return HealthGrpc.newBlockingStub(channel(address)).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    public CaptureServiceGrpc.CaptureServiceBlockingStub capture(String address) {
        return CaptureServiceGrpc.newBlockingStub(channel(address)).withMaxInboundMessageSize(MAX_INBOUND);
    }

    @PreDestroy
    void close() throws InterruptedException {
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
