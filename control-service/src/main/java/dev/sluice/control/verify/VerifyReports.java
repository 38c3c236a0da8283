package dev.sluice.control.verify;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Optional;

/** Verification reports, kept with the task in the metadata database. */
@ApplicationScoped
public class VerifyReports {

    @Transactional
    public void store(dev.sluice.v1.VerifyReport r, String json) {
        VerifyReportEntity e = new VerifyReportEntity();
        e.taskId = r.getTaskId();
        e.finishedAt = Instant.ofEpochMilli(r.getFinishedAtMs());
        e.equal = r.getEqual();
        e.reportJson = json;
        e.persist();
    }

    @Transactional
    public Optional<Instant> lastFinished(String taskId) {
        return VerifyReportEntity.<VerifyReportEntity>find("taskId = ?1 order by finishedAt desc", taskId).firstResultOptional()
                .map(e -> e.finishedAt);
    }
}
