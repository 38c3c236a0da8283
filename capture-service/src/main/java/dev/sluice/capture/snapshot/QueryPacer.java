package dev.sluice.capture.snapshot;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/** throttle.full.sourceQps: spaces the full copy's source queries (0 = unlimited). */
@ApplicationScoped
public class QueryPacer {

    /** Next free query slot per task: one task's limit never slows another. */
    private final Map<String, Long> nextSlotNanos = new ConcurrentHashMap<>();

    public void awaitTurn(String taskId, long queriesPerSecond) throws InterruptedException {
        if (queriesPerSecond <= 0) {
            return;
        }
        long now = System.nanoTime();
        long interval = TimeUnit.SECONDS.toNanos(1) / queriesPerSecond;
        long slot = nextSlotNanos.merge(taskId, now, (prev, n) -> Math.max(n, prev + interval));
        long wait = slot - now;
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }
}
