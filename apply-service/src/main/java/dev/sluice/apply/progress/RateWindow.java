package dev.sluice.apply.progress;

/** A rate over roughly the last ten seconds, in one-second buckets. */
final class RateWindow {

    private static final int BUCKETS = 10;
    private final long[] counts = new long[BUCKETS];
    private final long[] seconds = new long[BUCKETS];

    synchronized void add(long n) {
        long now = System.currentTimeMillis() / 1000;
        int i = (int) (now % BUCKETS);
        if (seconds[i] != now) {
            seconds[i] = now;
            counts[i] = 0;
        }
        counts[i] += n;
    }

    synchronized double perSecond() {
        long now = System.currentTimeMillis() / 1000;
        long sum = 0;
        int span = 0;
        for (int i = 0; i < BUCKETS; i++) {
            // the current second is still filling: count the last full seconds only
            if (seconds[i] < now && now - seconds[i] <= BUCKETS) {
                sum += counts[i];
            }
        }
        span = BUCKETS;
        return (double) sum / span;
    }
}
