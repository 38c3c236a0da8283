package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.testkit.TableComparator;
import dev.sluice.v1.ControlServiceGrpc;
import dev.sluice.v1.CreateTaskRequest;
import dev.sluice.v1.DatabaseSelection;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.RetryPolicy;
import dev.sluice.v1.TaskSpec;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The task lifecycle through control-service: pause/resume, control restarts, refused requests. */
class ControlSystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(19700, "sluice_meta_control",
                Map.of("SLUICE_APPLY_CHUNK_ROWS", "2000", "SLUICE_CONTROL_POLL_INTERVAL", "500ms")).start();
        db = stack.db();
        db.recreatePgDatabase("e2e_target");
        driver = new TaskDriver(stack);
    }

    @AfterAll
    static void down() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    static void maria(String... sql) throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            for (String s : sql) {
                st.execute(s);
            }
        }
    }

    /** Inserts rows into db.t(id, v) until stopped. */
    static Thread workload(String database, int from, AtomicBoolean running) {
        Thread t = new Thread(() -> {
            try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
                for (int i = from; running.get(); i++) {
                    st.execute("INSERT INTO " + database + ".t VALUES (" + i + ", " + i + ")");
                    Thread.sleep(5);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        t.start();
        return t;
    }

    @Test
    void pauseStopsWritingWithinTwoSecondsAndResumeLosesNothing() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_pause", "CREATE DATABASE e2e_pause", "CREATE TABLE e2e_pause.t (id INT PRIMARY KEY, v INT)");
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "pause", "- database: e2e_pause", ""));
        driver.waitFor(id, "incremental", 60);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread w = workload("e2e_pause", 1, running);
        Thread.sleep(1500);
        Cli.Result paused = Cli.run(stack.controlAddress(), "task", "pause", id);
        assertThat(paused.code()).as(paused.err()).isZero();
        assertThat(paused.out()).contains("PAUSED");
        Thread.sleep(2000);
        long atTwoSeconds;
        try (Connection p = db.pg("e2e_target")) {
            atTwoSeconds = TableComparator.count(p, "e2e_pause.t");
            Thread.sleep(2000);
            assertThat(TableComparator.count(p, "e2e_pause.t")).as("nothing written while paused").isEqualTo(atTwoSeconds);
        }
        Cli.Result resumed = Cli.run(stack.controlAddress(), "task", "resume", id);
        assertThat(resumed.code()).as(resumed.err()).isZero();
        Thread.sleep(1000);
        running.set(false);
        w.join();
        driver.awaitEqual(db, "e2e_pause", "e2e_pause", List.of("t"), Duration.ofSeconds(60));
    }

    @Test
    void restartingControlServiceDuringFullAndIncrementalSync() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_ctl", "CREATE DATABASE e2e_ctl", "CREATE TABLE e2e_ctl.t (id INT PRIMARY KEY, v INT)",
                "INSERT INTO e2e_ctl.t SELECT seq, seq FROM e2e_ctl.seq_1_to_40000");
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "ctl-restart", "- database: e2e_ctl", "throttle: {full: {rowsPerSecond: 10000}}"));
        Thread.sleep(1500);
        stack.service("control").kill();
        stack.restart("control");
        driver.waitFor(id, "incremental", 120);
        AtomicBoolean running = new AtomicBoolean(true);
        Thread w = workload("e2e_ctl", 100000, running);
        Thread.sleep(1000);
        stack.service("control").kill();
        Thread.sleep(1000);
        stack.restart("control");
        Thread.sleep(1000);
        running.set(false);
        w.join();
        driver.awaitEqual(db, "e2e_ctl", "e2e_ctl", List.of("t"), Duration.ofSeconds(60));
        Cli.Result show = Cli.run(stack.controlAddress(), "task", "show", id);
        assertThat(show.out()).contains("RUNNING, phase INCREMENTAL");
    }

    @Test
    void watchPreviewAndMetricsReportTheTask() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_watch", "CREATE DATABASE e2e_watch", "CREATE TABLE e2e_watch.t (id INT PRIMARY KEY, v INT)");
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "watched", "- database: e2e_watch", ""));
        ManagedChannel ch = ManagedChannelBuilder.forTarget(stack.controlAddress()).usePlaintext().build();
        try {
            var stub = SluiceStack.withToken(ControlServiceGrpc.newBlockingStub(ch), stack.adminToken());
            var updates = stub.withDeadlineAfter(60, java.util.concurrent.TimeUnit.SECONDS)
                    .watchTask(dev.sluice.v1.TaskRef.newBuilder().setId(id).build());
            boolean sawIncremental = false;
            while (updates.hasNext() && !sawIncremental) {
                dev.sluice.v1.Task t = updates.next();
                assertThat(t.getSpec().getSource().getPassword()).isEmpty();
                sawIncremental = t.getStatus().getPhase().equals("INCREMENTAL");
            }
            assertThat(sawIncremental).as("WatchTask streams progress up to the incremental phase").isTrue();

            TaskSpec spec = TaskSpec.newBuilder().setName("preview")
                    .setSource(Endpoint.newBuilder().setHost("h").setPort(3306).setUser("u").setPassword("preview-secret"))
                    .setDestination(Endpoint.newBuilder().setHost("h").setPort(5432).setUser("u").setPassword("preview-secret").setDatabase("d"))
                    .addObjects(DatabaseSelection.newBuilder().setDatabase("x")).build();
            String json = stub.previewTask(CreateTaskRequest.newBuilder().setSpec(spec).build()).getJson();
            assertThat(json).contains("\"connectionMinutes\": 720").contains("\"conflictingTables\": \"report\"").doesNotContain("preview-secret");
        } finally {
            ch.shutdownNow();
        }
        String metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + stack.service("control").port() + "/q/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(15);
        while (!metrics.contains("sluice_task_state{state=\"RUNNING\",task=\"" + id + "\"}") && System.nanoTime() < deadline) {
            Thread.sleep(500);
            metrics = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + stack.service("control").port() + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
        assertThat(metrics).contains("sluice_task_state{state=\"RUNNING\",task=\"" + id + "\"} 1.0");
    }

    @Test
    void objectsAddedToARunningTaskAreSynchronizedWithoutDisturbingTheOthers() throws Exception {
        maria("DROP DATABASE IF EXISTS e2e_add", "CREATE DATABASE e2e_add",
                "CREATE TABLE e2e_add.first (id INT PRIMARY KEY, v INT)", "INSERT INTO e2e_add.first SELECT seq, seq FROM e2e_add.seq_1_to_1000",
                "CREATE TABLE e2e_add.second (id INT PRIMARY KEY, v VARCHAR(20))",
                "INSERT INTO e2e_add.second SELECT seq, CONCAT('s', seq) FROM e2e_add.seq_1_to_3000");
        String objects = """
                - database: e2e_add
                  tables:
                    - name: first
                """;
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "add-objects", objects, ""));
        driver.waitFor(id, "incremental", 60);
        maria("UPDATE e2e_add.first SET v = -v WHERE id <= 10", "UPDATE e2e_add.second SET v = 'changed before' WHERE id <= 10");

        Path file = dir.resolve("add-objects-2.yaml");
        Files.writeString(file, TaskDriver.yaml(db, "add-objects", objects + "    - name: second\n", ""));
        Cli.Result updated = Cli.run(stack.controlAddress(), "task", "update", id, "-f", file.toString());
        assertThat(updated.code()).as(updated.err()).isZero();
        assertThat(updated.out()).contains("updated task " + id);

        driver.awaitEqual(db, "e2e_add", "e2e_add", List.of("first", "second"), Duration.ofSeconds(90));
        maria("UPDATE e2e_add.first SET v = 0 WHERE id = 500", "DELETE FROM e2e_add.second WHERE id = 7", "INSERT INTO e2e_add.second VALUES (9999, 'new')");
        driver.awaitEqual(db, "e2e_add", "e2e_add", List.of("first", "second"), Duration.ofSeconds(60));

        Path other = dir.resolve("add-objects-3.yaml");
        Files.writeString(other, TaskDriver.yaml(db, "add-objects", objects, "").replace("port: " + db.pgPort(), "port: 1"));
        Cli.Result refused = Cli.run(stack.controlAddress(), "task", "update", id, "-f", other.toString());
        assertThat(refused.code()).isNotZero();
        assertThat(refused.err()).contains("cannot change its source or destination");
    }

    @Test
    void aTaskCannotStartBeforeItsPrecheckPassed() throws Exception {
        Path file = dir.resolve("not-prechecked.yaml");
        Files.writeString(file, TaskDriver.yaml(db, "not-prechecked", "- database: e2e_ctl", ""));
        Cli.Result created = Cli.run(stack.controlAddress(), "task", "create", "-f", file.toString());
        String id = created.out().split("created task ")[1].split(" ")[0];
        Cli.Result start = Cli.run(stack.controlAddress(), "task", "start", id);
        assertThat(start.code()).isEqualTo(1);
        assertThat(start.err().strip()).contains("CREATED").contains("run the precheck first").doesNotContain("\n");
        assertThat(Cli.run(stack.controlAddress(), "task", "show", "t-nope").code()).isEqualTo(4);
    }

    @Test
    void theApiRefusesInvalidTasksNamingTheField() {
        ManagedChannel ch = ManagedChannelBuilder.forTarget(stack.controlAddress()).usePlaintext().build();
        try {
            TaskSpec bad = TaskSpec.newBuilder().setName("bad")
                    .setSource(Endpoint.newBuilder().setHost("h").setPort(0).setUser("u").setPassword("p"))
                    .setDestination(Endpoint.newBuilder().setHost("h").setPort(5432).setUser("u").setPassword("p").setDatabase("d"))
                    .setRetry(RetryPolicy.newBuilder().setConnectionMinutes(30).setOtherMinutes(30))
                    .addObjects(DatabaseSelection.newBuilder().setDatabase("x")).build();
            assertThatThrownBy(() -> SluiceStack.withToken(ControlServiceGrpc.newBlockingStub(ch), stack.adminToken()).createTask(CreateTaskRequest.newBuilder().setSpec(bad).build()))
                    .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
                        assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
                        assertThat(e.getStatus().getDescription()).contains("source.port").contains("retry.otherMinutes");
                    });
        } finally {
            ch.shutdownNow();
        }
    }
}
