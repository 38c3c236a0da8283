package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.ApplyListRequest;
import dev.sluice.v1.ApplyServiceGrpc;
import dev.sluice.v1.BillingServiceGrpc;
import dev.sluice.v1.ControlServiceGrpc;
import dev.sluice.v1.GetBillRequest;
import dev.sluice.v1.ListTasksRequest;
import dev.sluice.v1.TaskRef;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import io.smallrye.jwt.build.Jwt;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bearer tokens on the real services: who may call what, and what a refusal looks like to the API and the CLI. */
class AuthSystemTest {

    static SluiceStack stack;
    static ManagedChannel control;
    static ManagedChannel billing;
    static ManagedChannel apply;
    @TempDir
    static Path dir;

    static final String ISSUER = "https://idp.example.com/realms/sluice";
    static KeyPair idpKey;

    @BeforeAll
    static void up() throws Exception {
        // An OIDC provider's signing key; the services get its public half, as they would its JWKS URL.
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        idpKey = g.generateKeyPair();
        Path publicKey = dir.resolve("idp-public.pem");
        Files.writeString(publicKey, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(idpKey.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        stack = new SluiceStack(20100, "sluice_meta_auth", Map.of("SLUICE_AUTH_JWT_PUBLIC_KEY_LOCATION", publicKey.toUri().toString(),
                "SLUICE_AUTH_JWT_ISSUER", ISSUER, "SLUICE_AUTH_JWT_AUDIENCE", "sluice")).start();
        control = channel("control");
        billing = channel("billing");
        apply = channel("apply");
    }

    static ManagedChannel channel(String service) {
        return ManagedChannelBuilder.forAddress("127.0.0.1", stack.service(service).port()).usePlaintext().build();
    }

    @AfterAll
    static void down() throws Exception {
        for (ManagedChannel ch : new ManagedChannel[] {control, billing, apply}) {
            if (ch != null) {
                ch.shutdownNow();
            }
        }
        if (stack != null) {
            stack.close();
        }
    }

    static ControlServiceGrpc.ControlServiceBlockingStub controlAs(String token) {
        var stub = ControlServiceGrpc.newBlockingStub(control);
        return token == null ? stub : SluiceStack.withToken(stub, token);
    }

    static void refused(Runnable call, Status.Code code, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).contains(description).doesNotContain("\n");
        });
    }

    static Path cliConfig(String token) throws Exception {
        Path f = Files.createTempFile(dir, "cli", ".yaml");
        Files.writeString(f, "token: " + token + "\n");
        return f;
    }

    @Test
    void callsWithoutATokenAreUnauthenticated() {
        refused(() -> controlAs(null).listTasks(ListTasksRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "no bearer token");
        refused(() -> BillingServiceGrpc.newBlockingStub(billing).getBill(GetBillRequest.newBuilder().setTaskId("t").build()),
                Status.Code.UNAUTHENTICATED, "no bearer token");
        Cli.Result r = Cli.runAs(stack.controlAddress(), "task", "list");
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err().strip()).startsWith("sluice: refused (unauthenticated): no bearer token").doesNotContain("\n");
    }

    @Test
    void aTokenThatIsNotConfiguredIsUnauthenticatedAndNeverEchoed() throws Exception {
        String wrong = "adm-not-a-real-token-7f3";
        refused(() -> controlAs(wrong).listTasks(ListTasksRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "not valid");
        Cli.Result r = Cli.runAs(stack.controlAddress(), "task", "list", "--config", cliConfig(wrong).toString());
        assertThat(r.code()).isEqualTo(5);
        assertThat(r.err().strip()).isEqualTo("sluice: refused (unauthenticated): the bearer token is not valid here");
        assertThat(r.out() + r.err()).doesNotContain(wrong);
    }

    @Test
    void rolesFollowTheTable() throws Exception {
        TaskRef ref = TaskRef.newBuilder().setId("any-task").build();
        refused(() -> controlAs(stack.viewerToken()).startTask(ref), Status.Code.PERMISSION_DENIED,
                "role viewer may not call StartTask (needs operator)");
        refused(() -> controlAs(stack.operatorToken()).deleteTask(ref), Status.Code.PERMISSION_DENIED,
                "role operator may not call DeleteTask (needs admin)");
        // allowed calls get past authentication: the task simply does not exist
        refused(() -> controlAs(stack.operatorToken()).startTask(ref), Status.Code.NOT_FOUND, "");
        refused(() -> controlAs(stack.adminToken()).deleteTask(ref), Status.Code.NOT_FOUND, "");
        assertThat(controlAs(stack.viewerToken()).listTasks(ListTasksRequest.getDefaultInstance())).isNotNull();
        assertThat(SluiceStack.withToken(BillingServiceGrpc.newBlockingStub(billing), stack.viewerToken())
                .getBill(GetBillRequest.newBuilder().setTaskId("any-task").setMonth("2026-11").build())).isNotNull();

        Path viewer = cliConfig(stack.viewerToken());
        Cli.Result start = Cli.runAs(stack.controlAddress(), "task", "start", "any-task", "--config", viewer.toString());
        assertThat(start.code()).isEqualTo(5);
        assertThat(start.err().strip()).isEqualTo("sluice: refused (permission denied): role viewer may not call StartTask (needs operator)");
        Cli.Result list = Cli.runAs(stack.controlAddress(), "task", "list", "--config", viewer.toString());
        assertThat(list.code()).as(list.err()).isZero();
    }

    static String jwt(long expiresInSeconds, String... roles) {
        return Jwt.issuer(ISSUER).audience("sluice").upn("ana@example.com").groups(Set.of(roles)).expiresIn(expiresInSeconds)
                .sign(idpKey.getPrivate());
    }

    @Test
    void jwtsOfTheOidcProviderGetTheirRoles() throws Exception {
        TaskRef ref = TaskRef.newBuilder().setId("any-task").build();
        String viewer = jwt(300, "sluice-viewer");
        assertThat(controlAs(viewer).listTasks(ListTasksRequest.getDefaultInstance())).isNotNull();
        refused(() -> controlAs(viewer).startTask(ref), Status.Code.PERMISSION_DENIED, "role viewer may not call StartTask (needs operator)");
        refused(() -> controlAs(jwt(300, "sluice-operator")).startTask(ref), Status.Code.NOT_FOUND, "");
        assertThat(SluiceStack.withToken(BillingServiceGrpc.newBlockingStub(billing), viewer)
                .getBill(GetBillRequest.newBuilder().setTaskId("any-task").setMonth("2026-11").build())).isNotNull();

        Cli.Result start = Cli.runAs(stack.controlAddress(), "task", "start", "any-task", "--config", cliConfig(viewer).toString());
        assertThat(start.code()).isEqualTo(5);
        assertThat(start.err().strip()).isEqualTo("sluice: refused (permission denied): role viewer may not call StartTask (needs operator)");
        String expired = jwt(-300, "sluice-admin");
        Cli.Result old = Cli.runAs(stack.controlAddress(), "task", "list", "--config", cliConfig(expired).toString());
        assertThat(old.code()).isEqualTo(5);
        assertThat(old.err().strip()).startsWith("sluice: refused (unauthenticated): the JWT is not valid here").doesNotContain(expired);
        refused(() -> controlAs(jwt(300, "accounting")).listTasks(ListTasksRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED,
                "carries none of the roles");
        // the services' own methods stay the internal token's
        refused(() -> SluiceStack.withToken(ApplyServiceGrpc.newBlockingStub(apply), jwt(300, "sluice-admin"))
                .listStatus(ApplyListRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED, "ListStatus is internal");
    }

    @Test
    void internalServicesTakeOnlyTheInternalToken() {
        Function<String, ApplyServiceGrpc.ApplyServiceBlockingStub> applyAs = t -> t == null ? ApplyServiceGrpc.newBlockingStub(apply)
                : SluiceStack.withToken(ApplyServiceGrpc.newBlockingStub(apply), t);
        refused(() -> applyAs.apply(null).listStatus(ApplyListRequest.getDefaultInstance()), Status.Code.UNAUTHENTICATED, "no bearer token");
        refused(() -> applyAs.apply(stack.adminToken()).listStatus(ApplyListRequest.getDefaultInstance()), Status.Code.PERMISSION_DENIED,
                "ListStatus is internal");
        assertThat(applyAs.apply(stack.internalToken()).listStatus(ApplyListRequest.getDefaultInstance())).isNotNull();
    }
}
