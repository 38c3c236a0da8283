package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.TestCertificates;
import dev.sluice.v1.ControlServiceGrpc;
import dev.sluice.v1.ListTasksRequest;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's channels against real gRPC servers with no services: a call that reaches the server ends UNIMPLEMENTED,
 * which proves the transport (TLS or plaintext) was agreed; a mismatch gives the one-line TLS message.
 */
class ChannelsTlsTest {

    @TempDir
    static Path dir;
    static TestCertificates certs;
    Server server;

    @BeforeAll
    static void certificates() {
        certs = TestCertificates.create(dir.resolve("certs"));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.shutdownNow();
        }
    }

    @Test
    void tlsWithTheCaReachesATlsServer() throws Exception {
        String target = start(tls());
        assertThat(call(target, certs.ca().toString()).getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void aWrongCaIsAOneLineTlsError() throws Exception {
        String target = start(tls());
        StatusRuntimeException e = call(target, certs.wrongCa().toString());
        assertThat(TlsMismatch.describe(e, true)).startsWith("TLS handshake failed").doesNotContain("\n");
    }

    @Test
    void tlsAgainstAPlaintextServerIsAOneLineTlsError() throws Exception {
        String target = start(InsecureServerCredentials.create());
        StatusRuntimeException e = call(target, certs.ca().toString());
        assertThat(TlsMismatch.describe(e, true)).startsWith("TLS handshake failed").doesNotContain("\n");
    }

    @Test
    void plaintextAgainstATlsServerSaysToGiveTheCa() throws Exception {
        String target = start(tls());
        StatusRuntimeException e = call(target, null);
        assertThat(TlsMismatch.describe(e, false)).contains("--tls-ca").doesNotContain("\n");
    }

    @Test
    void plaintextWithoutCaIsTheDefault() throws Exception {
        String target = start(InsecureServerCredentials.create());
        assertThat(call(target, null).getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void aMissingCaFileIsInvalidInput() {
        assertThatThrownBy(() -> Channels.credentials(dir.resolve("nope.pem").toString()))
                .isInstanceOfSatisfying(SluiceCli.CliException.class, e -> assertThat(e.exitCode).isEqualTo(SluiceCli.EXIT_INVALID));
    }

    @Test
    void theCaComesFromTheConfigFile() throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, "tlsCa: /etc/sluice/ca.pem\n");
        SluiceCli root = new SluiceCli();
        root.configFile = f;
        assertThat(root.tlsCa()).isEqualTo(System.getenv("SLUICE_TLS_CA") != null ? System.getenv("SLUICE_TLS_CA") : "/etc/sluice/ca.pem");
        root.tlsCa = "/other/ca.pem";
        assertThat(root.tlsCa()).isEqualTo("/other/ca.pem");
    }

    private static ServerCredentials tls() throws Exception {
        return TlsServerCredentials.create(certs.dir().resolve("server-cert.pem").toFile(), certs.dir().resolve("server-key.pem").toFile());
    }

    private String start(ServerCredentials creds) throws Exception {
        server = Grpc.newServerBuilderForPort(0, creds).build().start();
        // the server certificate names 127.0.0.1 only: the target's host must match it
        return "127.0.0.1:" + server.getPort();
    }

    private static StatusRuntimeException call(String target, String ca) {
        ManagedChannel ch = Channels.builder(target, ca).build();
        try {
            ControlServiceGrpc.newBlockingStub(ch).withDeadlineAfter(10, TimeUnit.SECONDS).listTasks(ListTasksRequest.getDefaultInstance());
            throw new AssertionError("the call succeeded on a server without services");
        } catch (StatusRuntimeException e) {
            return e;
        } finally {
            ch.shutdownNow();
        }
    }
}
