package dev.sluice.control.verify;

import dev.sluice.control.task.TaskService;
import dev.sluice.control.task.TaskState;
import dev.sluice.v1.Task;
import dev.sluice.v1.VerifyRequest;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/** Tasks with `verify: {every: 24h}` are verified on their own, one at a time. */
@ApplicationScoped
public class ScheduledVerification {

    private static final Logger LOG = Logger.getLogger(ScheduledVerification.class);

    private final TaskService tasks;
    private final Verifier verifier;
    private final VerifyReports reports;

    public ScheduledVerification(TaskService tasks, Verifier verifier, VerifyReports reports) {
        this.tasks = tasks;
        this.verifier = verifier;
        this.reports = reports;
    }

    @Scheduled(every = "1m", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        for (Task t : tasks.list(TaskState.RUNNING.name(), "")) {
            String every = t.getSpec().getVerify().getEvery();
            if (every.isBlank() || !"INCREMENTAL".equals(t.getStatus().getPhase())) {
                continue;
            }
            try {
                Duration interval = parse(every);
                Instant last = reports.lastFinished(t.getId()).orElse(Instant.ofEpochMilli(t.getCreatedAtMs()));
                if (Instant.now().isAfter(last.plus(interval))) {
                    var r = verifier.verify(VerifyRequest.newBuilder().setTaskId(t.getId()).setMode(t.getSpec().getVerify().getMode()).build());
                    LOG.infof("scheduled verification of task %s: %s", t.getId(), r.getEqual() ? "equal" : "DIFFERENCES FOUND");
                }
            } catch (RuntimeException e) {
                LOG.warnf("scheduled verification of task %s failed: %s", t.getId(), e.getMessage());
            }
        }
    }

    /** 24h, 30m, 90s, 2d. */
    public static Duration parse(String every) {
        String s = every.strip().toLowerCase();
        if (!s.matches("\\d+[smhd]")) {
            throw new IllegalArgumentException("verify.every: '" + every + "' is not a duration (e.g. 24h, 30m)");
        }
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        return switch (s.charAt(s.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
