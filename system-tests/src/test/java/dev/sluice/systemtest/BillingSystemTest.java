package dev.sluice.systemtest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.BillingServiceGrpc;
import dev.sluice.v1.ListMeteringRequest;
import dev.sluice.v1.MeteringRecord;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** apply-service meters what it commits; billing-service counts it once, even across its own outage. */
class BillingSystemTest {

    static SluiceStack stack;
    static LocalDatabases db;
    static TaskDriver driver;
    @TempDir
    static Path dir;

    @BeforeAll
    static void up() throws Exception {
        stack = new SluiceStack(19600, "sluice_meta_billing", Map.of("SLUICE_APPLY_USAGE_WINDOW_MILLIS", "1000",
                "SLUICE_APPLY_USAGE_FLUSH_INTERVAL", "1s", "SLUICE_APPLY_CHUNK_ROWS", "300", "SLUICE_CONTROL_POLL_INTERVAL", "500ms")).start();
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

    @Test
    void meteringRowsEqualWhatWasWrittenAndAnOutageLosesNothing() throws Exception {
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS e2e_bill");
            st.execute("CREATE DATABASE e2e_bill");
            st.execute("CREATE TABLE e2e_bill.t (id INT PRIMARY KEY, v INT)");
            st.execute("INSERT INTO e2e_bill.t SELECT seq, seq FROM e2e_bill.seq_1_to_1000");
        }
        String id = driver.createAndStart(dir, TaskDriver.yaml(db, "billed", "- database: e2e_bill", "billing: {instanceClass: small}"));
        driver.waitFor(id, "incremental", 60);
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("UPDATE e2e_bill.t SET v = v + 1 WHERE id <= 500");
        }
        driver.awaitEqual(db, "e2e_bill", "e2e_bill", List.of("t"), Duration.ofSeconds(30));

        stack.service("billing").kill();
        try (Connection c = db.mariaRoot(); Statement st = c.createStatement()) {
            st.execute("DELETE FROM e2e_bill.t WHERE id > 700");
        }
        driver.awaitEqual(db, "e2e_bill", "e2e_bill", List.of("t"), Duration.ofSeconds(30));
        Thread.sleep(3000);
        stack.restart("billing");

        Map<String, Long> rows = new HashMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        List<MeteringRecord> records = List.of();
        while (System.nanoTime() < deadline) {
            records = metering(id);
            rows.clear();
            records.forEach(r -> rows.merge(r.getPhase(), r.getRows(), Long::sum));
            if (rows.getOrDefault("INCREMENTAL", 0L) >= 800 && rows.getOrDefault("FULL", 0L) >= 1000) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(rows).as("rows metered per phase: what apply-service wrote, once").containsEntry("FULL", 1000L)
                .containsEntry("INCREMENTAL", 800L).containsEntry("SCHEMA", 1L);
        for (MeteringRecord r : records) {
            if (!r.getPhase().equals("INCREMENTAL")) {
                assertThat(r.getCharge()).as("schema and full sync are free").isIn("0", "0.00");
            }
        }
        assertThat(records.stream().filter(r -> r.getPhase().equals("INCREMENTAL")).mapToDouble(r -> Double.parseDouble(r.getCharge())).sum())
                .as("incremental hours priced by class").isGreaterThan(0);

        Cli.Result bill = Cli.run(stack.controlAddress(), "bill", "show", "--task", id, "--billing", "127.0.0.1:" + stack.service("billing").port());
        assertThat(bill.code()).as(bill.err()).isZero();
        assertThat(bill.out()).contains("INCREMENTAL").contains("total");
    }

    static List<MeteringRecord> metering(String taskId) {
        ManagedChannel ch = ManagedChannelBuilder.forAddress("127.0.0.1", stack.service("billing").port()).usePlaintext().build();
        try {
            return SluiceStack.withToken(BillingServiceGrpc.newBlockingStub(ch), stack.adminToken()).listMeteringRecords(ListMeteringRequest.newBuilder().setTaskId(taskId).build()).getRecordsList();
        } catch (io.grpc.StatusRuntimeException e) {
            return List.of();
        } finally {
            ch.shutdownNow();
        }
    }
}
