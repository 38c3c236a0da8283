package dev.sluice.control.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.Endpoint;
import dev.sluice.v1.RetryPolicy;
import dev.sluice.v1.TaskSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SharedRetryTest {

    static TaskSpec task(String sourceHost, String destinationDb, int connection, int other) {
        return TaskSpec.newBuilder().setSource(Endpoint.newBuilder().setHost(sourceHost).setPort(3306))
                .setDestination(Endpoint.newBuilder().setHost("pg").setPort(5432).setDatabase(destinationDb))
                .setRetry(RetryPolicy.newBuilder().setConnectionMinutes(connection).setOtherMinutes(other)).build();
    }

    @Test
    void theShortestRetryTimesOfTasksSharingAnEndpointApply() {
        TaskSpec mine = task("maria-a", "one", 720, 10);
        TaskSpec sameSource = task("maria-a", "two", 60, 30);
        TaskSpec sameDestination = task("maria-b", "one", 300, 5);
        TaskSpec unrelated = task("maria-c", "three", 10, 1);
        RetryPolicy r = SharedRetry.apply(mine, List.of(sameSource, sameDestination, unrelated)).getRetry();
        assertThat(r.getConnectionMinutes()).isEqualTo(60);
        assertThat(r.getOtherMinutes()).isEqualTo(5);
        assertThat(SharedRetry.apply(mine, List.of(unrelated)).getRetry().getConnectionMinutes()).isEqualTo(720);
    }
}
