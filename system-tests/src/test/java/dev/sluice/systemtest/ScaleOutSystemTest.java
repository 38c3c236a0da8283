package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.testkit.TableComparator;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two capture-service and two apply-service replicas, six tasks over three source databases into two
 * destinations (one source to both destinations, several sources into one destination and into one
 * schema). One replica of each is killed while every source is being written: the tasks it ran move to
 * the others under a higher lease epoch and resume from their checkpoints. Then every destination equals
 * its source, no source transaction was applied twice (an ALWAYS trigger records each application of a
 * counter update), and the lease epochs written in the destinations show that no task was written by two
 * replicas at once.
 */
class ScaleOutSystemTest {

    private static final String META = "sluice_meta_scaleout";
    private static final String DEST_1 = "e2e_scale_1";
    private static final String DEST_2 = "e2e_scale_2";
    private static final String DEST_3 = "e2e_scale_3";
    private static final String[] SOURCES = {"a", "b", "c"};

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(20500, META, Map.of("SLUICE_CONTROL_POLL_INTERVAL", "500ms", "SLUICE_CONTROL_LEASE_TIMEOUT", "3s"), 2).start();
        db = stack.db();
        db.recreatePgDatabase(DEST_1);
        db.recreatePgDatabase(DEST_2);
        driver = new TaskDriver(stack);
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    /** A task: its source database, its destination database and the schema its tables land in. */
    record Route(String source, String destination, String schema) {
    }

    @Test
    void killingOneCaptureAndOneApplyReplicaMovesTheirTasksAndAppliesEveryTransactionOnce() throws Exception {
        for (String s : SOURCES) {
            createSource(s);
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        // one source into both destinations
        routes.put(task("a-to-1", "a", DEST_1, null), new Route("a", DEST_1, "e2e_sa"));
        routes.put(task("a-to-2", "a", DEST_2, null), new Route("a", DEST_2, "e2e_sa"));
        // two sources into one schema of one destination
        routes.put(task("b-to-1", "b", DEST_1, "merged"), new Route("b", DEST_1, "merged"));
        routes.put(task("c-to-1", "c", DEST_1, "merged"), new Route("c", DEST_1, "merged"));
        // three sources into one destination
        routes.put(task("b-to-2", "b", DEST_2, null), new Route("b", DEST_2, "e2e_sb"));
        routes.put(task("c-to-2", "c", DEST_2, null), new Route("c", DEST_2, "e2e_sc"));
        for (String id : routes.keySet()) {
            driver.waitFor(id, "incremental", 120);
        }
        for (String dest : List.of(DEST_1, DEST_2)) {
            auditCounterUpdates(dest, routes.values().stream().filter(r -> r.destination().equals(dest)).toList());
        }

        Map<String, Lease> before = leases();
        before.keySet().retainAll(routes.keySet());
        assertThat(before.values().stream().map(Lease::apply).distinct()).as("tasks spread over both apply replicas").hasSize(2);
        assertThat(before.values().stream().map(Lease::capture).distinct()).as("tasks spread over both capture replicas").hasSize(2);

        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, AtomicInteger> transactions = new HashMap<>();
        List<Thread> writers = new ArrayList<>();
        for (String s : SOURCES) {
            transactions.put(s, new AtomicInteger());
            writers.add(writer(s, running, transactions.get(s)));
        }
        writers.forEach(Thread::start);
        Thread.sleep(2500);
        String killedApply = "127.0.0.1:" + stack.service("apply").port();
        String killedCapture = "127.0.0.1:" + stack.service("capture").port();
        stack.service("apply").kill();
        stack.service("capture").kill();
        // longer than the lease timeout, so the moved tasks run under their new leases while sources change
        Thread.sleep(9000);
        running.set(false);
        for (Thread w : writers) {
            w.join();
        }
        for (String s : SOURCES) {
            assertThat(transactions.get(s).get()).as("transactions on source " + s).isGreaterThan(100);
        }

        for (Map.Entry<String, Route> e : routes.entrySet()) {
            Route r = e.getValue();
            awaitEqual(r, Duration.ofSeconds(90));
        }
        for (Map.Entry<String, Route> e : routes.entrySet()) {
            assertAppliedOnce(e.getKey(), e.getValue(), transactions.get(e.getValue().source()).get());
        }

        for (String id : routes.keySet()) {
            // verification reaches the task's replicas, not the configured (now dead) first ones
            Cli.Result verify = Cli.run(stack.controlAddress(), "task", "verify", id);
            assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
            assertThat(verify.out()).contains("checksum: equal").doesNotContain("DIFFERENT");
        }

        Map<String, Lease> after = leases();
        for (String id : routes.keySet()) {
            Lease was = before.get(id);
            Lease now = after.get(id);
            assertThat(now.apply()).as("task %s runs on a live apply replica", id).isNotEqualTo(killedApply);
            assertThat(now.capture()).as("task %s streams from a live capture replica", id).isNotEqualTo(killedCapture);
            if (was.apply().equals(killedApply) || was.capture().equals(killedCapture)) {
                assertThat(now.epoch()).as("task %s moved under a higher epoch", id).isGreaterThan(was.epoch());
            } else {
                assertThat(now.epoch()).as("task %s, on replicas that stayed up, was not disturbed", id).isEqualTo(was.epoch());
            }
            assertFencedHistory(id, routes.get(id).destination(), now);
        }
    }

    /**
     * A replica that hangs (SIGSTOP) loses its tasks when its leases expire; when it comes back it still
     * believes it runs them, with transactions half done: the fence in the destination rolls those back
     * (or control-service stops the stale runners first), and nothing is applied twice or lost.
     */
    @Test
    void aFrozenApplyReplicaThatComesBackCannotWriteTheTasksThatMoved() throws Exception {
        for (String name : List.of("apply", "capture", "apply-2", "capture-2")) {
            if (!stack.service(name).isAlive()) {
                stack.restart(name);
            }
        }
        db.recreatePgDatabase(DEST_3);
        createSource("f");
        createSource("g");
        Map<String, Route> routes = new LinkedHashMap<>();
        routes.put(task("f-to-3", "f", DEST_3, null), new Route("f", DEST_3, "e2e_sf"));
        routes.put(task("g-to-3", "g", DEST_3, null), new Route("g", DEST_3, "e2e_sg"));
        for (String id : routes.keySet()) {
            driver.waitFor(id, "incremental", 120);
        }
        auditCounterUpdates(DEST_3, List.copyOf(routes.values()));
        String first = routes.keySet().iterator().next();
        Lease was = leases().get(first);
        String frozen = stack.service("apply").port() == port(was.apply()) ? "apply" : "apply-2";

        AtomicBoolean running = new AtomicBoolean(true);
        Map<String, AtomicInteger> transactions = Map.of("f", new AtomicInteger(), "g", new AtomicInteger());
        List<Thread> writers = List.of(writer("f", running, transactions.get("f")), writer("g", running, transactions.get("g")));
        writers.forEach(Thread::start);
        try {
            Thread.sleep(1500);
            stack.service(frozen).freeze();
            try {
                awaitMoved(first, was.epoch(), Duration.ofSeconds(30));
                Thread.sleep(2000);
            } finally {
                stack.service(frozen).thaw();
            }
            Thread.sleep(3000);
        } finally {
            running.set(false);
            for (Thread w : writers) {
                w.join();
            }
        }
        for (Route r : routes.values()) {
            awaitEqual(r, Duration.ofSeconds(90));
        }
        for (Map.Entry<String, Route> e : routes.entrySet()) {
            assertAppliedOnce(e.getKey(), e.getValue(), transactions.get(e.getValue().source()).get());
        }
        Map<String, Lease> after = leases();
        assertThat(after.get(first).epoch()).as("the frozen replica's task moved").isGreaterThan(was.epoch());
        for (String id : routes.keySet()) {
            assertFencedHistory(id, routes.get(id).destination(), after.get(id));
        }
        String log = java.nio.file.Files.readString(stack.service(frozen).log());
        String control = java.nio.file.Files.readString(stack.service("control").log());
        assertThat(log.contains("task " + first + ": lease epoch " + was.epoch() + " was taken over")
                || control.contains("task " + first + " (epoch " + was.epoch() + ") runs on apply-service"))
                .as("the thawed replica was fenced, or told to stop, for task %s", first).isTrue();
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));
    }

    private static void awaitMoved(String id, long epoch, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (leases().get(id).epoch() == epoch) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("task " + id + " did not move off its frozen replica in " + timeout + "\n" + logs());
            }
            Thread.sleep(200);
        }
    }

    /** Each source transaction updated its counter once: the audit has each value exactly once. */
    private static void assertAppliedOnce(String id, Route r, int transactions) throws Exception {
        try (Connection p = db.pg(r.destination()); Statement st = p.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT count(*), count(DISTINCT n), coalesce(max(n), 0) FROM public.audit WHERE tbl = '" + r.schema() + ".counter_" + r.source() + "'")) {
            rs.next();
            assertThat(rs.getLong(1)).as("task %s: each source transaction applied exactly once", id).isEqualTo(rs.getLong(2));
            assertThat(rs.getLong(2)).as("task %s: every source transaction applied", id).isEqualTo(transactions);
            assertThat(rs.getLong(3)).isEqualTo(transactions);
        }
    }

    private static void createSource(String s) throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_s" + s, "CREATE DATABASE e2e_s" + s,
                "CREATE TABLE e2e_s" + s + ".counter_" + s + " (id INT PRIMARY KEY, n BIGINT NOT NULL)",
                "INSERT INTO e2e_s" + s + ".counter_" + s + " VALUES (1, 0)",
                "CREATE TABLE e2e_s" + s + ".item_" + s + " (id INT PRIMARY KEY, v INT, note VARCHAR(40))",
                "INSERT INTO e2e_s" + s + ".item_" + s + " SELECT seq, seq, 'initial' FROM e2e_s" + s + ".seq_1_to_3000");
    }

    /**
     * The destination's record of the task's leases: the checkpoint was last written by the current epoch,
     * which control-service assigned to the same apply replica; every earlier holder ran on the replica
     * control-service assigned its epoch to, and committed for the last time before the next one claimed the task.
     */
    private static void assertFencedHistory(String id, String destination, Lease current) throws Exception {
        Map<Long, String> assigned = new HashMap<>();
        try (Connection m = db.pg(META); Statement st = m.createStatement();
                ResultSet rs = st.executeQuery("SELECT epoch, apply_replica FROM control.lease_history WHERE task_id = '" + id + "'")) {
            while (rs.next()) {
                assigned.put(rs.getLong(1), rs.getString(2));
            }
        }
        try (Connection p = db.pg(destination); Statement st = p.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT c.lease_epoch, l.epoch, l.replica FROM sluice.task_checkpoint c "
                    + "JOIN sluice.task_lease l USING (task_id) WHERE task_id = '" + id + "'")) {
                assertThat(rs.next()).as("task %s has a checkpoint and a lease in %s", id, destination).isTrue();
                assertThat(rs.getLong(1)).as("task %s: the checkpoint was written under the current epoch", id).isEqualTo(current.epoch());
                assertThat(rs.getLong(2)).isEqualTo(current.epoch());
                assertThat(rs.getString(3)).isEqualTo(current.apply());
            }
            List<long[]> epochs = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT epoch, replica, extract(epoch FROM claimed_at) * 1e6, "
                    + "extract(epoch FROM last_commit_at) * 1e6 FROM (SELECT task_id, epoch, replica, claimed_at, last_commit_at FROM sluice.lease_history "
                    + "UNION ALL SELECT task_id, epoch, replica, claimed_at, last_commit_at FROM sluice.task_lease) h "
                    + "WHERE task_id = '" + id + "' ORDER BY claimed_at")) {
                while (rs.next()) {
                    assertThat(rs.getString(2)).as("task %s: epoch %d ran where control-service leased it", id, rs.getLong(1))
                            .isEqualTo(assigned.get(rs.getLong(1)));
                    epochs.add(new long[] {rs.getLong(1), rs.getLong(3), rs.getObject(4) == null ? Long.MIN_VALUE : rs.getLong(4)});
                }
            }
            assertThat(epochs).as("task %s claimed the destination", id).isNotEmpty();
            for (int i = 1; i < epochs.size(); i++) {
                long[] prev = epochs.get(i - 1);
                long[] next = epochs.get(i);
                // (one epoch twice: a runner of it restarted, say with the replica; still one writer at a time)
                assertThat(next[0]).as("task %s: epochs grow in the order they claimed the task", id).isGreaterThanOrEqualTo(prev[0]);
                assertThat(prev[2]).as("task %s: epoch %d committed for the last time before epoch %d claimed the task", id, prev[0], next[0])
                        .isLessThanOrEqualTo(next[1]);
            }
        }
    }

    record Lease(long epoch, String apply, String capture) {
    }

    private static Map<String, Lease> leases() throws Exception {
        Map<String, Lease> out = new HashMap<>();
        try (Connection m = db.pg(META); Statement st = m.createStatement();
                ResultSet rs = st.executeQuery("SELECT task_id, epoch, apply_replica, capture_replica FROM control.task_lease")) {
            while (rs.next()) {
                out.put(rs.getString(1), new Lease(rs.getLong(2), rs.getString(3), rs.getString(4)));
            }
        }
        return out;
    }

    private static String task(String name, String source, String destination, String rename) throws Exception {
        String objects = "- database: e2e_s" + source + (rename == null ? "" : "\n  rename: " + rename);
        return driver.createAndStart(dir, TaskDriver.yaml(db, name, objects, "").replace("database: e2e_target,", "database: " + destination + ","));
    }

    /** Records every application of an update of a counter row in the destination (ALWAYS: replica sessions too). */
    private static void auditCounterUpdates(String destination, List<Route> routes) throws Exception {
        try (Connection p = db.pg(destination); Statement st = p.createStatement()) {
            st.execute("CREATE TABLE public.audit (tbl text, n bigint)");
            st.execute("CREATE FUNCTION public.audit_counter() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN INSERT INTO public.audit VALUES (TG_TABLE_SCHEMA || '.' || TG_TABLE_NAME, NEW.n); RETURN NEW; END $$");
            for (Route r : routes) {
                String table = r.schema() + ".counter_" + r.source();
                st.execute("CREATE TRIGGER audit AFTER UPDATE ON " + table + " FOR EACH ROW EXECUTE FUNCTION public.audit_counter()");
                st.execute("ALTER TABLE " + table + " ENABLE ALWAYS TRIGGER audit");
            }
        }
    }

    /** Source transactions: each updates the counter once, and inserts, changes or deletes items. */
    private static Thread writer(String s, AtomicBoolean running, AtomicInteger transactions) {
        return new Thread(() -> {
            try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
                st.execute("USE e2e_s" + s);
                c.setAutoCommit(false);
                for (int i = 1; running.get(); i++) {
                    st.execute("INSERT INTO item_" + s + " VALUES (" + (10000 + i) + ", " + i + ", 'txn " + i + "')");
                    st.execute("UPDATE counter_" + s + " SET n = n + 1 WHERE id = 1");
                    if (i % 3 == 0) {
                        st.execute("UPDATE item_" + s + " SET v = v + 1, note = 'edited' WHERE id = " + (i % 3000 + 1));
                    }
                    if (i % 7 == 0) {
                        st.execute("DELETE FROM item_" + s + " WHERE id = " + (10000 + i - 5));
                    }
                    c.commit();
                    transactions.set(i);
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "writer-" + s);
    }

    private static void awaitEqual(Route r, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> diff;
        while (true) {
            diff = new ArrayList<>();
            try (Connection m = db.mariaRoot(); Connection p = db.pg(r.destination())) {
                for (String t : List.of("counter_" + r.source(), "item_" + r.source())) {
                    diff.addAll(TableComparator.differences(m, "e2e_s" + r.source(), t, p, r.schema(), t));
                }
            }
            if (diff.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(diff).as("%s equals source e2e_s%s after %s\n%s", r.destination() + "." + r.schema(), r.source(), timeout, logs()).isEmpty();
    }

    private static String logs() {
        StringBuilder sb = new StringBuilder(driver.logs());
        for (String s : new String[] {"capture-2", "apply-2"}) {
            sb.append("--- ").append(s).append(" ---\n").append(stack.service(s).tail()).append('\n');
        }
        return sb.toString();
    }

    static void maria(String... sql) throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }
}
