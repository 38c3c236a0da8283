package dev.sluice.apply.billing;

import dev.sluice.apply.target.TargetConnections;
import dev.sluice.apply.task.ApplyConfig;
import dev.sluice.apply.task.TaskRegistry;
import dev.sluice.v1.BillingServiceGrpc;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.UsageRecord;
import dev.sluice.v1.UsageReport;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Delivers the usage outbox of every running task to billing-service, and deletes what it
 * acknowledged. Record ids are deterministic (task/phase/window), so a resend after a crash or an
 * outage is counted once. While a task follows the binlog without changes it still reports its
 * (empty) windows: an hour in the incremental phase is billed whether or not rows changed.
 */
@ApplicationScoped
public class UsageSender {

    private static final Logger LOG = Logger.getLogger(UsageSender.class);

    private final TaskRegistry tasks;
    private final ApplyConfig config;

    @GrpcClient("billing")
    BillingServiceGrpc.BillingServiceBlockingStub billing;

    public UsageSender(TaskRegistry tasks, ApplyConfig config) {
        this.tasks = tasks;
        this.config = config;
    }

    @Scheduled(every = "${sluice.apply.usage-flush-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void flush() {
        for (TaskRegistry.TaskView t : tasks.views()) {
            try {
                flush(t);
            } catch (StatusRuntimeException e) {
                LOG.debugf("billing-service did not take the usage of task %s yet (%s); it stays in the outbox", t.taskId(), e.getStatus().getCode());
            } catch (Exception e) {
                LOG.debugf("usage of task %s not sent yet: %s", t.taskId(), e.getMessage());
            }
        }
    }

    private void flush(TaskRegistry.TaskView t) throws Exception {
        UsageOutbox outbox = new UsageOutbox(config.checkpointSchema(), config.usageWindowMillis());
        try (Connection pg = TargetConnections.open(t.spec().getDestination(), "usage " + t.taskId())) {
            List<UsageOutbox.Window> windows = new ArrayList<>(outbox.closed(pg, t.taskId()));
            long window = outbox.windowMillis();
            long now = System.currentTimeMillis();
            long lastClosed = now - now % window - window;
            boolean following = "INCREMENTAL".equals(t.phase()) && ("RUNNING".equals(t.state()) || "RETRYING".equals(t.state()));
            if (following && windows.stream().noneMatch(w -> w.phase().equals("INCREMENTAL") && w.startMs() == lastClosed)) {
                windows.add(new UsageOutbox.Window("INCREMENTAL", lastClosed, lastClosed + window, 0, 0));
            }
            if (windows.isEmpty()) {
                return;
            }
            UsageReport.Builder report = UsageReport.newBuilder();
            for (UsageOutbox.Window w : windows) {
                report.addRecords(record(t.taskId(), t.spec(), t.state(), w));
            }
            billing.withDeadlineAfter(10, TimeUnit.SECONDS).reportUsage(report.build());
            outbox.delete(pg, t.taskId(), windows);
        }
    }

    static UsageRecord record(String taskId, TaskSpec spec, String state, UsageOutbox.Window w) {
        return UsageRecord.newBuilder().setRecordId(taskId + "/" + w.phase() + "/" + w.startMs()).setTaskId(taskId).setPhase(w.phase())
                .setRows(w.rows()).setBytes(w.bytes()).setWindowStartMs(w.startMs()).setWindowEndMs(w.endMs())
                .setInstanceClass(spec.getBilling().getInstanceClass().isEmpty() ? "small" : spec.getBilling().getInstanceClass())
                .setBillingMethod(spec.getBilling().getMethod().isEmpty() ? "payg" : spec.getBilling().getMethod())
                .setAccount(spec.getBilling().getAccount())
                .setState("RETRYING".equals(state) ? "RETRYING" : "RUNNING").build();
    }
}
