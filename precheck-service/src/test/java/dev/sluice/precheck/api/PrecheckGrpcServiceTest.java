package dev.sluice.precheck.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.precheck.checks.PrecheckRunner;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.PrecheckRequest;
import dev.sluice.v1.TaskSpec;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gRPC service streams every result, then completes, even when checks fail. */
class PrecheckGrpcServiceTest {

    static final String PASSWORD = "Grpc-Wr0ng-Secret";

    @Test
    void streamsEachResultThenCompletes() {
        LocalDatabases db = LocalDatabases.get();
        TaskSpec spec = TaskSpec.newBuilder().setName("grpc-test")
                .setSource(Endpoint.newBuilder().setHost(db.mariaHost()).setPort(db.mariaPort()).setUser(db.mariaUser()).setPassword(db.mariaPassword()))
                .setDestination(Endpoint.newBuilder().setHost(db.pgHost()).setPort(db.pgPort()).setDatabase("target").setUser(db.pgUser())
                        .setPassword(PASSWORD))
                .addObjects(DatabaseSelection.newBuilder().setDatabase("mysql").addTables(
                        dev.sluice.v1.TableSelection.newBuilder().setName("db")))
                .build();
        List<CheckResult> results = new ArrayList<>();
        List<String> events = new ArrayList<>();
        new PrecheckGrpcService(new PrecheckRunner()).run(PrecheckRequest.newBuilder().setTaskId("t1").setSpec(spec).build(),
                new StreamObserver<>() {
                    @Override
                    public void onNext(CheckResult value) {
                        results.add(value);
                        events.add("next");
                    }

                    @Override
                    public void onError(Throwable t) {
                        events.add("error " + t);
                    }

                    @Override
                    public void onCompleted() {
                        events.add("completed");
                    }
                });

        assertThat(events).hasSize(results.size() + 1).endsWith("completed").doesNotContain("error");
        assertThat(results).hasSizeGreaterThan(20);
        assertThat(results.get(0).getId()).isEqualTo("source.connectivity");
        assertThat(results.get(0).getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(results.get(1).getId()).isEqualTo("destination.connectivity");
        assertThat(results.get(1).getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(results.get(1).getDetails()).contains("the user name or password is wrong");
        assertThat(results.get(2).getId()).isEqualTo("source.version");
        assertThat(results.get(2).getStatus()).isEqualTo(CheckStatus.PASSED);
        assertThat(results).allSatisfy(r -> assertThat(r.toString()).doesNotContain(PASSWORD));
    }
}
