package dev.sluice.billing;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.TreeSet;

/**
 * Serializes writers per task for the rest of the current transaction. Every write rebuilds a
 * task's hours from everything stored so far; without the lock two concurrent reports for the same
 * hour could each miss the other's uncommitted records and the last writer would store a short count.
 */
@ApplicationScoped
public class TaskLocks {

    public void lock(Collection<String> taskIds) {
        // a fixed order, so two batches holding overlapping tasks cannot deadlock
        for (String taskId : new TreeSet<>(taskIds)) {
            Panache.getEntityManager()
                    .createNativeQuery("SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(:task, 0))) l")
                    .setParameter("task", "billing:" + taskId)
                    .getSingleResult();
        }
    }
}
