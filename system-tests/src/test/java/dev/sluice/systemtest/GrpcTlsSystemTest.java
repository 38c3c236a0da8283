package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.testkit.TestCertificates;
import dev.sluice.v1.ControlServiceGrpc;
import dev.sluice.v1.ListTasksRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole stack with gRPC over TLS (config profile tls): services call each other over TLS, the CLI talks TLS with
 * the CA, a task reaches incremental and copies rows; plaintext is refused.
 */
class GrpcTlsSystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        TestCertificates certs = TestCertificates.create(dir.resolve("certs"));
        // The server certificate names the IP address 127.0.0.1 only: the services call each other by that address.
        stack = new SluiceStack(20700, "sluice_meta_grpctls", Map.of(
                "QUARKUS_PROFILE", "prod,tls",
                "SLUICE_TLS_CERT", certs.dir().resolve("server-cert.pem").toString(),
                "SLUICE_TLS_KEY", certs.dir().resolve("server-key.pem").toString(),
                "SLUICE_TLS_CA", certs.ca().toString(),
                "SLUICE_PRECHECK_HOST", "127.0.0.1", "SLUICE_CAPTURE_HOST", "127.0.0.1",
                "SLUICE_APPLY_HOST", "127.0.0.1", "SLUICE_BILLING_HOST", "127.0.0.1",
                "SLUICE_CONTROL_POLL_INTERVAL", "500ms")).start();
        db = stack.db();
        db.recreatePgDatabase("e2e_target");
        driver = new TaskDriver(stack);
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aTaskRunsToIncrementalOverTls() throws Exception {
        // the CLI reads tlsCa: from the stack's config file
        Cli.Result listed = Cli.run(stack.controlAddress(), "task", "list");
        assertThat(listed.code()).as(listed.err()).isZero();
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            for (String s : List.of("DROP DATABASE IF EXISTS e2e_grpctls", "CREATE DATABASE e2e_grpctls", "USE e2e_grpctls",
                    "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(20))", "INSERT INTO t VALUES (1, 'a'), (2, 'b')")) {
                st.execute(s);
            }
        }
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "grpctls", "- database: e2e_grpctls", ""));
        driver.waitFor(id, "incremental", 120);
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("INSERT INTO e2e_grpctls.t VALUES (3, 'c')");
        }
        driver.awaitEqual(db, "e2e_grpctls", "e2e_grpctls", List.of("t"), Duration.ofSeconds(60));
    }

    @Test
    void plaintextGrpcToControlIsRefused() {
        ManagedChannel ch = ManagedChannelBuilder.forTarget(stack.controlAddress()).usePlaintext().build();
        try {
            assertThatThrownBy(() -> SluiceStack.withToken(ControlServiceGrpc.newBlockingStub(ch), stack.adminToken())
                    .withDeadlineAfter(10, TimeUnit.SECONDS).listTasks(ListTasksRequest.getDefaultInstance()))
                    .isInstanceOf(StatusRuntimeException.class);
        } finally {
            ch.shutdownNow();
        }
    }

    @Test
    void theCliWithoutTheCaGivesOneLine() throws Exception {
        Path config = dir.resolve("no-ca.yaml");
        Files.writeString(config, "token: " + stack.adminToken() + "\n");
        Cli.Result r = Cli.runAs(stack.controlAddress(), "task", "list", "--config", config.toString());
        assertThat(r.code()).isEqualTo(3);
        assertThat(r.err().strip()).contains("--tls-ca").doesNotContain("\n");
    }
}
