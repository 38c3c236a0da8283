package dev.sluice.cli;

import dev.sluice.auth.BearerToken;
import dev.sluice.v1.ControlServiceGrpc;
import io.grpc.ManagedChannel;
import io.grpc.stub.MetadataUtils;
import java.util.concurrent.TimeUnit;

/** One channel (TLS when a CA is configured, else plaintext) to control-service for the duration of a command, carrying the user's token. */
final class ControlClient implements AutoCloseable {

    private final ManagedChannel channel;
    private final String token;

    ControlClient(SluiceCli root) {
        this.channel = Channels.builder(root.server(), root.tlsCa()).maxInboundMessageSize(64 << 20).build();
        this.token = root.token();
    }

    ControlServiceGrpc.ControlServiceBlockingStub stub() {
        return withToken(ControlServiceGrpc.newBlockingStub(channel), token).withDeadlineAfter(10, TimeUnit.MINUTES);
    }

    /** The stub sending "authorization: Bearer <token>" on every call; unchanged without a token. */
    static <S extends io.grpc.stub.AbstractStub<S>> S withToken(S stub, String token) {
        return token == null ? stub : stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(BearerToken.header(token)));
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
