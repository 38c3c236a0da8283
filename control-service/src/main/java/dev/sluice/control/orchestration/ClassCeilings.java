package dev.sluice.control.orchestration;

import dev.sluice.v1.BillingServiceGrpc;
import dev.sluice.v1.InstanceClass;
import dev.sluice.v1.ListInstanceClassesRequest;
import dev.sluice.v1.TaskSpec;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A task's instance class promises a throughput (billing-service knows the classes): unless the task
 * file sets throttle.incremental.rowsPerSecond itself, incremental sync runs at that ceiling.
 */
@ApplicationScoped
public class ClassCeilings {

    private static final Logger LOG = Logger.getLogger(ClassCeilings.class);
    private static final long CACHE_MILLIS = TimeUnit.MINUTES.toMillis(5);

    @GrpcClient("billing")
    BillingServiceGrpc.BillingServiceBlockingStub billing;

    private volatile List<InstanceClass> classes = List.of();
    private volatile long fetchedAt;

    public TaskSpec apply(TaskSpec spec) {
        return withCeiling(spec, classes());
    }

    static TaskSpec withCeiling(TaskSpec spec, List<InstanceClass> classes) {
        if (spec.getThrottle().getIncremental().getRowsPerSecond() > 0) {
            return spec;
        }
        String wanted = spec.getBilling().getInstanceClass();
        return classes.stream().filter(c -> c.getName().equals(wanted) && c.getRowsPerSecond() > 0).findFirst()
                .map(c -> spec.toBuilder().setThrottle(spec.getThrottle().toBuilder()
                        .setIncremental(spec.getThrottle().getIncremental().toBuilder().setRowsPerSecond(c.getRowsPerSecond()))).build())
                .orElse(spec);
    }

    private List<InstanceClass> classes() {
        if (System.currentTimeMillis() - fetchedAt > CACHE_MILLIS) {
            try {
                classes = billing.withDeadlineAfter(5, TimeUnit.SECONDS).listInstanceClasses(ListInstanceClassesRequest.getDefaultInstance())
                        .getClassesList();
                fetchedAt = System.currentTimeMillis();
            } catch (StatusRuntimeException e) {
                // Billing being down must not stop a task: it runs unthrottled until the classes are known.
                LOG.debugf("instance classes unknown (%s); incremental sync is not throttled to a class ceiling", e.getStatus().getCode());
            }
        }
        return classes;
    }
}
