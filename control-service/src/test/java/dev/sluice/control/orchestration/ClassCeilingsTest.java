package dev.sluice.control.orchestration;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.Billing;
import dev.sluice.v1.IncrementalThrottle;
import dev.sluice.v1.InstanceClass;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.Throttle;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClassCeilingsTest {

    static final List<InstanceClass> CLASSES = List.of(InstanceClass.newBuilder().setName("small").setRowsPerSecond(5000).build(),
            InstanceClass.newBuilder().setName("large").setRowsPerSecond(20000).build());

    @Test
    void incrementalSyncRunsAtTheClassCeilingUnlessTheTaskSetsItsOwnLimit() {
        TaskSpec small = TaskSpec.newBuilder().setBilling(Billing.newBuilder().setInstanceClass("small")).build();
        assertThat(ClassCeilings.withCeiling(small, CLASSES).getThrottle().getIncremental().getRowsPerSecond()).isEqualTo(5000);
        TaskSpec own = small.toBuilder().setThrottle(Throttle.newBuilder().setIncremental(IncrementalThrottle.newBuilder().setRowsPerSecond(100))).build();
        assertThat(ClassCeilings.withCeiling(own, CLASSES).getThrottle().getIncremental().getRowsPerSecond()).isEqualTo(100);
        TaskSpec unknown = TaskSpec.newBuilder().setBilling(Billing.newBuilder().setInstanceClass("huge")).build();
        assertThat(ClassCeilings.withCeiling(unknown, CLASSES).getThrottle().getIncremental().getRowsPerSecond()).isZero();
    }
}
