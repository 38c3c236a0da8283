package dev.sluice.apply.task;

import dev.sluice.v1.RetryPolicy;
import java.util.concurrent.TimeUnit;

/**
 * How long a task keeps retrying a failure of one class: the window starts at the first failure
 * and is reset by progress. Backoff doubles from one second up to thirty.
 */
final class RetryWindow {

    private final long connectionMillis;
    private final long otherMillis;
    private long firstFailureMs;
    private int attempts;

    RetryWindow(RetryPolicy policy) {
        this.connectionMillis = TimeUnit.MINUTES.toMillis(policy.getConnectionMinutes() > 0 ? policy.getConnectionMinutes() : 720);
        this.otherMillis = TimeUnit.MINUTES.toMillis(policy.getOtherMinutes() > 0 ? policy.getOtherMinutes() : 10);
    }

    /** @return the deadline in epoch millis for this failure, or -1 when it must not be retried */
    synchronized long onFailure(ErrorClass c) {
        if (c == ErrorClass.FATAL) {
            return -1;
        }
        long now = System.currentTimeMillis();
        if (firstFailureMs == 0) {
            firstFailureMs = now;
        }
        attempts++;
        long deadline = firstFailureMs + (c == ErrorClass.CONNECTION ? connectionMillis : otherMillis);
        return now >= deadline ? -1 : deadline;
    }

    synchronized long backoffMillis() {
        return Math.min(30_000L, 1000L << Math.min(5, Math.max(0, attempts - 1)));
    }

    synchronized void onProgress() {
        firstFailureMs = 0;
        attempts = 0;
    }
}
