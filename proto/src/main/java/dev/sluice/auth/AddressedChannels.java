package dev.sluice.auth;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.TlsChannelCredentials;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Opens channels to another service's replica by address (host:port), for the calls that cannot use a
 * configured @GrpcClient because control-service picks the replica at run time (scale-out). They are
 * what the configured clients are: carrying the internal token (the replicas refuse calls without it)
 * and, with the profile "tls", TLS trusting sluice.grpc.tls-ca (SLUICE_TLS_CA), host name checked.
 */
@ApplicationScoped
public class AddressedChannels {

    private final InternalCredentials credentials;
    private final ChannelCredentials transport;

    public AddressedChannels(InternalCredentials credentials, @ConfigProperty(name = "sluice.grpc.tls-ca") Optional<String> tlsCa) {
        this.credentials = credentials;
        this.transport = tlsCa.map(String::trim).filter(s -> !s.isEmpty()).map(AddressedChannels::trusting)
                .orElseGet(InsecureChannelCredentials::create);
    }

    public ManagedChannel open(String address, int maxInboundMessageSize) {
        return Grpc.newChannelBuilder(address, transport).maxInboundMessageSize(maxInboundMessageSize).intercept(credentials).build();
    }

    private static ChannelCredentials trusting(String caFile) {
        try {
            return TlsChannelCredentials.newBuilder().trustManager(new File(caFile)).build();
        } catch (IOException e) {
            throw new UncheckedIOException("sluice.grpc.tls-ca (SLUICE_TLS_CA): cannot read the CA file " + caFile + " (PEM expected)", e);
        }
    }
}
