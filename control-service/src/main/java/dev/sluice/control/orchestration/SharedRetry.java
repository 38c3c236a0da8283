package dev.sluice.control.orchestration;

import dev.sluice.model.TaskSpecRules;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.RetryPolicy;
import dev.sluice.v1.TaskSpec;
import java.util.Collection;

/**
 * When several tasks share a source or a destination, the shortest retry times among them apply to
 * each (as the seed guide says): one endpoint's outage is given up on consistently.
 */
final class SharedRetry {

    private SharedRetry() {
    }

    static TaskSpec apply(TaskSpec spec, Collection<TaskSpec> others) {
        TaskSpec s = TaskSpecRules.withDefaults(spec);
        int connection = s.getRetry().getConnectionMinutes();
        int other = s.getRetry().getOtherMinutes();
        for (TaskSpec o : others) {
            TaskSpec d = TaskSpecRules.withDefaults(o);
            if (same(d.getSource(), s.getSource()) || same(d.getDestination(), s.getDestination())) {
                connection = Math.min(connection, d.getRetry().getConnectionMinutes());
                other = Math.min(other, d.getRetry().getOtherMinutes());
            }
        }
        return s.toBuilder().setRetry(RetryPolicy.newBuilder().setConnectionMinutes(connection).setOtherMinutes(other)).build();
    }

    private static boolean same(Endpoint a, Endpoint b) {
        return a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort() && a.getDatabase().equals(b.getDatabase());
    }
}
