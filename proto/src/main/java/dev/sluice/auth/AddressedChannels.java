package dev.sluice.auth;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Opens channels to another service's replica by address (host:port), for the calls that cannot use a
 * configured @GrpcClient because control-service picks the replica at run time (scale-out). They carry
 * the internal token like the configured clients do: the replicas refuse calls without it.
 */
@ApplicationScoped
public class AddressedChannels {

    private final InternalCredentials credentials;

    public AddressedChannels(InternalCredentials credentials) {
        this.credentials = credentials;
    }

    public ManagedChannel open(String address, int maxInboundMessageSize) {
        return ManagedChannelBuilder.forTarget(address).usePlaintext().maxInboundMessageSize(maxInboundMessageSize)
                .intercept(credentials).build();
    }
}
