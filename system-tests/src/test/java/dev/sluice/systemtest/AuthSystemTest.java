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

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(20100, "sluice_meta_auth").start();
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
