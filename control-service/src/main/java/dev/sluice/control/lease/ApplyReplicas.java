package dev.sluice.control.lease;

import dev.sluice.v1.ApplyServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** gRPC channels to each apply-service replica, by address (host:port). */
@ApplicationScoped
public class ApplyReplicas {

    private final Map<String, ManagedChannel> channels = new ConcurrentHashMap<>();

    /** A stub for one call; the deadline keeps a hung replica from holding up the others' reconciling. */
    public ApplyServiceGrpc.ApplyServiceBlockingStub at(String address, long timeoutMillis) {
        ManagedChannel ch = channels.computeIfAbsent(address, a -> ManagedChannelBuilder.forTarget(a).usePlaintext().build());
        return ApplyServiceGrpc.newBlockingStub(ch).withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void close() throws InterruptedException {
        for (ManagedChannel c : channels.values()) {
            c.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }
}
