package dev.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.RetryPolicy;
import dev.sluice.v1.TaskSpec;
import org.junit.jupiter.api.Test;

class TaskSpecRulesTest {

    static TaskSpec valid() {
        return TaskSpec.newBuilder().setName("t")
                .setSource(Endpoint.newBuilder().setHost("h").setPort(3306).setUser("u").setPassword("secret-pw"))
                .setDestination(Endpoint.newBuilder().setHost("h").setPort(5432).setUser("u").setPassword("p").setDatabase("d"))
                .addObjects(DatabaseSelection.newBuilder().setDatabase("shop"))
                .build();
    }

    @Test
    void validSpecHasNoProblemsAndGetsDefaults() {
        assertThat(TaskSpecRules.problems(valid())).isEmpty();
        TaskSpec d = TaskSpecRules.withDefaults(valid());
        assertThat(d.getRetry().getConnectionMinutes()).isEqualTo(720);
        assertThat(d.getRetry().getOtherMinutes()).isEqualTo(10);
        assertThat(d.getConflictingTables()).isEqualTo("report");
        assertThat(d.getTypes().getIncremental()).isTrue();
    }

    @Test
    void problemsNameTheField() {
        TaskSpec bad = valid().toBuilder()
                .setSource(valid().getSource().toBuilder().setPort(70000))
                .setRetry(RetryPolicy.newBuilder().setConnectionMinutes(10).setOtherMinutes(10))
                .setConflictingTables("overwrite")
                .clearObjects()
                .build();
        assertThat(TaskSpecRules.problems(bad)).anySatisfy(p -> assertThat(p).startsWith("source.port: 70000"))
                .anySatisfy(p -> assertThat(p).startsWith("retry.otherMinutes: 10 must be smaller"))
                .anySatisfy(p -> assertThat(p).startsWith("conflictingTables:"))
                .anySatisfy(p -> assertThat(p).startsWith("objects: empty"));
    }

    @Test
    void redactionRemovesPasswords() {
        assertThat(Secrets.redact(valid()).toString()).doesNotContain("secret-pw");
        assertThat(Secrets.scrub("Access denied using password secret-pw", "secret-pw")).doesNotContain("secret-pw");
    }
}
