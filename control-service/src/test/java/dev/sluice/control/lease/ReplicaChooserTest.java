package dev.sluice.control.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReplicaChooserTest {

    private static final List<String> REPLICAS = List.of("a:1", "b:1", "c:1");

    @Test
    void aTaskStaysWhereItRunsWhileThatReplicaIsUp() {
        assertThat(ReplicaChooser.choose(REPLICAS, Set.of("a:1", "b:1", "c:1"), Map.of("b:1", 9), "b:1")).isEqualTo("b:1");
    }

    @Test
    void aTaskMovesToTheLeastLoadedReplicaThatIsUp() {
        assertThat(ReplicaChooser.choose(REPLICAS, Set.of("a:1", "c:1"), Map.of("a:1", 2, "c:1", 1), "b:1")).isEqualTo("c:1");
        assertThat(ReplicaChooser.choose(REPLICAS, Set.of("a:1", "b:1", "c:1"), Map.of("a:1", 1), null))
                .as("ties go to the earlier replica in the configuration").isEqualTo("b:1");
    }

    @Test
    void withNoReplicaUpTheTaskStaysPut() {
        assertThat(ReplicaChooser.choose(REPLICAS, Set.of(), Map.of(), "c:1")).isEqualTo("c:1");
        assertThat(ReplicaChooser.choose(REPLICAS, Set.of(), Map.of(), null)).isEqualTo("a:1");
    }
}
