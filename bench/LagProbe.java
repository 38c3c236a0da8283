import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * End-to-end replication lag, measured from outside Sluice (bench/incremental.sh).
 *
 * <pre>
 * lag   --maria URL --pg URL --pg-table SCHEMA.heartbeat --seconds 60 [--interval-ms 100] [--task ID --meta URL --metrics URL]
 *       A writer updates heartbeat row 1 with an increasing seq every interval (autocommit, so one
 *       source transaction each) and notes when each commit returned. A reader polls the PostgreSQL
 *       copy every few ms; when it sees seq n, every seq <= n has just become visible (the binlog is
 *       applied in order), and each one's lag is now - its commit time. Both clocks are this JVM's
 *       monotonic clock: no clock skew, no 1-second binlog timestamps. It also samples, every 200 ms,
 *       the lag Sluice itself reports: with --meta, the task's status.lagMs in control-service's
 *       metadata database (what `sluice task show` prints; control refreshes it every second), with
 *       --metrics, apply-service's gauge sluice_lag_ms of the task.
 * await --pg URL --pg-table SCHEMA.heartbeat --seq N [--timeout-s 3600]
 *       Waits until the copy shows seq >= N; prints the epoch milliseconds when it did.
 * </pre>
 *
 * Figures go to stdout as `name: value unit`; exit status 1 if heartbeats went missing or timed out.
 */
public final class LagProbe {

    private static final long POLL_MILLIS = 5;

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        switch (args.length > 0 ? args[0] : "") {
            case "lag" -> System.exit(lag(o));
            case "await" -> System.exit(await(o));
            default -> {
                System.err.println("usage: LagProbe lag|await --option value ... (see the class comment)");
                System.exit(2);
            }
        }
    }

    private static int lag(Map<String, String> o) throws Exception {
        String table = o.get("pg-table");
        long seconds = Long.parseLong(o.getOrDefault("seconds", "60"));
        long intervalMs = Long.parseLong(o.getOrDefault("interval-ms", "100"));
        int max = (int) (seconds * 1000 / intervalMs) + 16;
        AtomicLongArray committedAt = new AtomicLongArray(max + 1); // seq -> nanoTime its commit returned
        long[] lagMs = new long[max + 1];
        long[] seen = {0};
        long[] written = {0};
        long startSeq;

        try (Connection maria = DriverManager.getConnection(o.get("maria"));
             Connection pg = DriverManager.getConnection(o.get("pg"))) {
            startSeq = currentSeq(pg, table);
            Thread reader = new Thread(() -> {
                try (PreparedStatement ps = pg.prepareStatement("SELECT seq FROM " + table + " WHERE id = 1")) {
                    long last = startSeq;
                    while (!Thread.currentThread().isInterrupted()) {
                        long seq;
                        try (ResultSet rs = ps.executeQuery()) {
                            seq = rs.next() ? rs.getLong(1) : last;
                        }
                        long now = System.nanoTime();
                        for (long s = last + 1; s <= seq; s++) {
                            int i = (int) (s - startSeq);
                            if (i > 0 && i <= max && committedAt.get(i) != 0) {
                                lagMs[i] = Math.max(0, (now - committedAt.get(i)) / 1_000_000);
                            }
                        }
                        if (seq > last) {
                            last = seq;
                            synchronized (seen) {
                                seen[0] = seq - startSeq;
                                seen.notifyAll();
                            }
                        }
                        Thread.sleep(POLL_MILLIS);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    e.printStackTrace();
                }
            }, "reader");
            List<Double> shown = Collections.synchronizedList(new ArrayList<>());
            List<Double> gauge = Collections.synchronizedList(new ArrayList<>());
            List<Thread> samplers = new ArrayList<>();
            if (o.containsKey("meta")) {
                samplers.add(new Thread(() -> sampleMeta(o.get("meta"), o.get("task"), shown), "meta"));
            }
            if (o.containsKey("metrics")) {
                samplers.add(new Thread(() -> sampleMetrics(o.get("metrics"), o.get("task"), gauge), "metrics"));
            }
            samplers.forEach(Thread::start);
            reader.start();
            try (PreparedStatement up = maria.prepareStatement("UPDATE heartbeat SET seq = ?, ts = NOW(6) WHERE id = 1")) {
                long end = System.nanoTime() + seconds * 1_000_000_000L;
                long next = System.nanoTime();
                for (int i = 1; i <= max - 16 && System.nanoTime() < end; i++) {
                    up.setLong(1, startSeq + i);
                    up.executeUpdate();
                    committedAt.set(i, System.nanoTime());
                    written[0] = i;
                    next += intervalMs * 1_000_000L;
                    long sleep = (next - System.nanoTime()) / 1_000_000;
                    if (sleep > 0) {
                        Thread.sleep(sleep);
                    }
                }
            }
            for (Thread t : samplers) {
                t.interrupt();
                t.join();
            }
            // Let the last heartbeats arrive (they count with their real lag), but not forever.
            long deadline = System.currentTimeMillis() + 30_000;
            synchronized (seen) {
                while (seen[0] < written[0] && System.currentTimeMillis() < deadline) {
                    seen.wait(100);
                }
            }
            reader.interrupt();
            reader.join();

            List<Long> lags = new ArrayList<>();
            for (int i = 1; i <= written[0]; i++) {
                if (i <= seen[0]) {
                    lags.add(lagMs[i]);
                }
            }
            Collections.sort(lags);
            long missing = written[0] - lags.size();
            System.out.printf("lag_heartbeats: %d (every %d ms, %d not applied within 30 s after the run)%n", written[0], intervalMs, missing);
            System.out.printf("lag_p50_ms: %s ms%n", pct(lags, 50));
            System.out.printf("lag_p99_ms: %s ms%n", pct(lags, 99));
            System.out.printf("lag_max_ms: %s ms%n", lags.isEmpty() ? "n/a" : lags.get(lags.size() - 1));
            if (o.containsKey("meta")) {
                report("reported_lag", shown, "what `sluice task show` says (status.lagMs)");
            }
            if (o.containsKey("metrics")) {
                report("gauge_lag", gauge, "apply-service's gauge sluice_lag_ms");
            }
            return missing == 0 ? 0 : 1;
        }
    }

    private static int await(Map<String, String> o) throws Exception {
        long target = Long.parseLong(o.get("seq"));
        long deadline = System.currentTimeMillis() + 1000 * Long.parseLong(o.getOrDefault("timeout-s", "3600"));
        try (Connection pg = DriverManager.getConnection(o.get("pg"))) {
            System.err.println("ready");
            while (System.currentTimeMillis() < deadline) {
                if (currentSeq(pg, o.get("pg-table")) >= target) {
                    System.out.println(System.currentTimeMillis());
                    return 0;
                }
                Thread.sleep(POLL_MILLIS * 4);
            }
        }
        System.err.println("timed out waiting for heartbeat seq " + target);
        return 1;
    }

    private static long currentSeq(Connection pg, String table) throws Exception {
        try (PreparedStatement ps = pg.prepareStatement("SELECT seq FROM " + table + " WHERE id = 1"); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : -1;
        }
    }

    private static void report(String name, List<Double> samples, String what) {
        List<Long> r = new ArrayList<>();
        synchronized (samples) {
            for (double d : samples) {
                r.add((long) d);
            }
        }
        Collections.sort(r);
        System.out.printf("%s_p50_ms: %s ms (%s, %d samples every 200 ms)%n", name, pct(r, 50), what, r.size());
        System.out.printf("%s_p99_ms: %s ms%n", name, pct(r, 99));
        System.out.printf("%s_max_ms: %s ms%n", name, r.isEmpty() ? "n/a" : r.get(r.size() - 1));
    }

    private static void sampleMeta(String url, String task, List<Double> out) {
        try (Connection meta = DriverManager.getConnection(url);
             PreparedStatement ps = meta.prepareStatement("SELECT (status_json::json -> 'lagMs') #>> '{}' FROM control.task WHERE id = ?")) {
            ps.setString(1, task);
            while (!Thread.currentThread().isInterrupted()) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        out.add(Double.parseDouble(rs.getString(1)));
                    }
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            e.printStackTrace();
        }
    }

    private static void sampleMetrics(String url, String task, List<Double> out) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Pattern p = Pattern.compile("^sluice_lag_ms\\{task=\"" + Pattern.quote(task) + "\"}\\s+(\\S+)", Pattern.MULTILINE);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                Matcher m = p.matcher(body);
                if (m.find()) {
                    out.add(Double.parseDouble(m.group(1)));
                }
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // a missed sample is not a figure
            }
        }
    }

    /** Nearest-rank percentile. */
    private static String pct(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "n/a";
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return Long.toString(sorted.get(Math.max(0, rank - 1)));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return o;
    }
}
