package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.ServiceDescriptorProto;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.reflection.v1.ServerReflectionGrpc;
import io.grpc.reflection.v1.ServerReflectionRequest;
import io.grpc.reflection.v1.ServerReflectionResponse;
import io.grpc.reflection.v1.ServiceResponse;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The walking skeleton, as separate processes: reflection, health, metrics, the CLI's task create/list. */
class SkeletonSystemTest {

    static SluiceStack stack;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(19100, "sluice_meta_skeleton").start();
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    static final Map<String, List<String>> EXPECTED_METHODS = Map.of(
            "control", List.of("sluice.v1.ControlService", "CreateTask", "ListTasks", "GetTask", "StartTask", "PauseTask", "RunPrecheck"),
            "precheck", List.of("sluice.v1.PrecheckService", "Run"),
            "capture", List.of("sluice.v1.CaptureService", "GetSchema", "GetSourcePosition", "PlanSnapshot", "Stream"),
            "apply", List.of("sluice.v1.ApplyService", "StartTask", "StopTask", "GetStatus"),
            "billing", List.of("sluice.v1.BillingService", "ReportUsage", "ListMeteringRecords"));

    @Test
    void everyServiceListsItsMethodsThroughReflection() throws Exception {
        for (String name : SluiceStack.SERVICES) {
            List<String> expected = EXPECTED_METHODS.get(name);
            int port = stack.service(name).port();
            ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
            try {
                List<String> services = reflect(ch, ServerReflectionRequest.newBuilder().setListServices("").build())
                        .getListServicesResponse().getServiceList().stream().map(ServiceResponse::getName).toList();
                assertThat(services).as(name + "-service").contains(expected.get(0));
                FileDescriptorProto file = FileDescriptorProto.parseFrom(reflect(ch,
                        ServerReflectionRequest.newBuilder().setFileContainingSymbol(expected.get(0)).build())
                        .getFileDescriptorResponse().getFileDescriptorProto(0));
                List<String> methods = file.getServiceList().stream().flatMap(s -> s.getMethodList().stream())
                        .map(m -> m.getName()).toList();
                assertThat(methods).as(name + "-service methods").containsAll(expected.subList(1, expected.size()));
            } finally {
                ch.shutdownNow();
            }
        }
    }

    @Test
    void everyServiceExportsPrometheusMetrics() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        for (String name : SluiceStack.SERVICES) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.service(name).port() + "/q/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).contains("# TYPE jvm_memory_used_bytes");
        }
    }

    @Test
    void cliCreatesAndListsATaskWithoutShowingPasswords(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("task.yaml");
        Files.writeString(file, """
                name: skeleton-task
                environment: test
                source:      {host: 127.0.0.1, port: %d, user: sluice, password: src-Secret-1}
                destination: {host: 127.0.0.1, port: %d, database: target, user: sluice, password: dst-Secret-2}
                objects:
                  - database: shop
                """.formatted(stack.db().mariaPort(), stack.db().pgPort()));

        Cli.Result created = Cli.run(stack.controlAddress(), "task", "create", "-f", file.toString());
        assertThat(created.code()).as(created.err()).isZero();
        String id = created.out().split("created task ")[1].split(" ")[0];

        Cli.Result list = Cli.run(stack.controlAddress(), "task", "list");
        assertThat(list.code()).isZero();
        assertThat(list.out()).contains(id).contains("skeleton-task").contains("CREATED");

        Cli.Result json = Cli.run(stack.controlAddress(), "task", "list", "--json");
        assertThat(json.out()).contains(id).doesNotContain("src-Secret-1").doesNotContain("dst-Secret-2");
        Cli.Result show = Cli.run(stack.controlAddress(), "task", "show", id, "--json");
        assertThat(show.out()).contains("\"port\": " + stack.db().mariaPort()).doesNotContain("Secret-");

        // At rest the passwords are encrypted: the metadata database holds no clear text.
        try (var c = stack.db().pg("sluice_meta_skeleton"); var rs = c.createStatement().executeQuery("SELECT * FROM control.task")) {
            StringBuilder all = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    all.append(rs.getString(i)).append('|');
                }
            }
            assertThat(all).contains(id).doesNotContain("src-Secret-1").doesNotContain("dst-Secret-2");
        }
    }

    @Test
    void cliRejectsABadTaskFileNamingTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                name: bad
                source: {host: 127.0.0.1, port: "not-a-port", user: u, password: p}
                destination: {host: 127.0.0.1, port: 5432, database: d, user: u, password: p, sslmode: x}
                objects: [{database: shop}]
                """);
        Cli.Result r = Cli.run(stack.controlAddress(), "task", "create", "-f", file.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("source.port: expected a whole number").contains("destination.sslmode: unknown key");
        assertThat(Cli.run(stack.controlAddress(), "task", "list").out()).doesNotContain(" bad ");
    }

    @Test
    void launcherScriptRuns() throws Exception {
        Process p = new ProcessBuilder(stack.db().repoRoot().resolve("bin/sluice").toString(), "--help").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("Usage: sluice").contains("task");
    }

    static ServerReflectionResponse reflect(ManagedChannel ch, ServerReflectionRequest req) throws InterruptedException {
        LinkedBlockingQueue<Object> q = new LinkedBlockingQueue<>();
        StreamObserver<ServerReflectionRequest> in = ServerReflectionGrpc.newStub(ch).serverReflectionInfo(new StreamObserver<>() {
            public void onNext(ServerReflectionResponse r) {
                q.add(r);
            }

            public void onError(Throwable t) {
                q.add(t);
            }

            public void onCompleted() {
            }
        });
        in.onNext(req);
        Object o = q.poll(30, TimeUnit.SECONDS);
        in.onCompleted();
        if (o instanceof Throwable t) {
            throw new AssertionError("reflection call failed", t);
        }
        assertThat(o).as("reflection answered").isNotNull();
        return (ServerReflectionResponse) o;
    }
}
