package dev.sluice.cli;

import io.grpc.ChannelCredentials;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannelBuilder;
import io.grpc.TlsChannelCredentials;
import java.io.File;
import java.io.IOException;

/**
 * Channels to the services: TLS trusting the CA file when one is configured (--tls-ca, $SLUICE_TLS_CA, tlsCa:
 * in the config file), else plaintext. gRPC checks the server's certificate against the host name of the target.
 */
final class Channels {

    private Channels() {
    }

    static ManagedChannelBuilder<?> builder(String target, String tlsCa) {
        return Grpc.newChannelBuilder(target, credentials(tlsCa));
    }

    static ChannelCredentials credentials(String tlsCa) {
        if (CliConfig.blank(tlsCa)) {
            return InsecureChannelCredentials.create();
        }
        File ca = new File(tlsCa.trim());
        if (!ca.isFile()) {
            throw new SluiceCli.CliException(SluiceCli.EXIT_INVALID, "the TLS CA file " + ca + " does not exist");
        }
        try {
            return TlsChannelCredentials.newBuilder().trustManager(ca).build();
        } catch (IOException | RuntimeException e) {
            throw new SluiceCli.CliException(SluiceCli.EXIT_INVALID, "cannot read the TLS CA file " + ca + " (expected PEM certificates)");
        }
    }
}
