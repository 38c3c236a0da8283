package dev.sluice.cli;

import dev.sluice.v1.ControlServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.util.concurrent.TimeUnit;

/** One plaintext channel to control-service for the duration of a command. */
final class ControlClient implements AutoCloseable {

    private final ManagedChannel channel;

    ControlClient(String target) {
        this.channel = ManagedChannelBuilder.forTarget(target).usePlaintext().maxInboundMessageSize(64 << 20).build();
    }

    ControlServiceGrpc.ControlServiceBlockingStub stub() {
        return ControlServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.MINUTES);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
