package dev.sluice.billing;

import static dev.sluice.billing.BillingApi.ms;
import static dev.sluice.billing.BillingApi.newTaskId;
import static dev.sluice.billing.BillingApi.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.ListMeteringRequest;
import dev.sluice.v1.ListMeteringResponse;
import dev.sluice.v1.MeteringRecord;
import dev.sluice.v1.UsageAck;
import dev.sluice.v1.UsageRecord;
import dev.sluice.v1.UsageReport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** ReportUsage and ListMeteringRecords over gRPC, against the real PostgreSQL. */
@QuarkusTest
@WithTestResource(value = BillingTestDatabase.class, scope = TestResourceScope.MATCHING_RESOURCES)
class UsageReportingTest {

    @TestHTTPResource("/")
    URL url;

    BillingApi api;

    @BeforeEach
    void connect() {
        api = new BillingApi(url);
    }

    @AfterEach
    void close() throws Exception {
        api.close();
    }

    @Test
    void aReportSentTwiceIsCountedOnce() {
        String task = newTaskId();
        List<UsageRecord> batch = List.of(
                usage(task, "INCREMENTAL", "2026-11-03T10:00:00Z", "2026-11-03T10:00:10Z", 100).build(),
                usage(task, "INCREMENTAL", "2026-11-03T10:00:10Z", "2026-11-03T10:00:20Z", 200).build(),
                usage(task, "INCREMENTAL", "2026-11-03T10:00:20Z", "2026-11-03T10:00:30Z", 300).build());

        UsageAck first = api.stub.reportUsage(UsageReport.newBuilder().addAllRecords(batch).build());
        // the retry after a lost acknowledgement: the same records again, plus one new
        UsageRecord next = usage(task, "INCREMENTAL", "2026-11-03T10:00:30Z", "2026-11-03T10:00:40Z", 4).build();
        UsageAck retry = api.stub.reportUsage(UsageReport.newBuilder().addAllRecords(batch).addRecords(next).build());

        assertThat(first.getAccepted()).isEqualTo(3);
        assertThat(first.getDuplicates()).isZero();
        assertThat(retry.getAccepted()).isEqualTo(1);
        assertThat(retry.getDuplicates()).isEqualTo(3);
        List<MeteringRecord> hours = all(task);
        assertThat(hours).hasSize(1);
        assertThat(hours.get(0).getRows()).isEqualTo(604);
        assertThat(hours.get(0).getBytes()).isEqualTo(60_400);
        assertThat(hours.get(0).getCharge()).isEqualTo("0.50");
    }

    @Test
    void aRecordTwiceInOneReportIsCountedOnce() {
        String task = newTaskId();
        UsageRecord r = usage(task, "FULL", "2026-11-03T10:00:00Z", "2026-11-03T10:05:00Z", 1000).build();

        UsageAck ack = api.stub.reportUsage(UsageReport.newBuilder().addRecords(r).addRecords(r).build());

        assertThat(ack.getAccepted()).isEqualTo(1);
        assertThat(ack.getDuplicates()).isEqualTo(1);
        assertThat(all(task)).singleElement().satisfies(h -> assertThat(h.getRows()).isEqualTo(1000));
    }

    @Test
    void meteringRecordsHoldExactlyTheReportedRowsAndBytesPerPhase() {
        String task = newTaskId();
        Random random = new Random(42);
        Map<String, Long> rowsReported = new HashMap<>();
        Map<String, Long> bytesReported = new HashMap<>();
        Instant t = Instant.parse("2026-11-05T08:00:00Z");
        List<UsageRecord> records = new ArrayList<>();
        String[] phases = {"SCHEMA", "FULL", "INCREMENTAL"};
        for (int i = 0; i < 600; i++) {
            String phase = phases[Math.min(2, i / 100)];
            // windows of 0 to 20 minutes: some cross hour boundaries, some are instants
            Instant end = t.plusSeconds(random.nextInt(1200));
            long rows = random.nextInt(5000);
            long bytes = rows * 37 + random.nextInt(10);
            records.add(usage(task, phase, t.toString(), end.toString(), rows).setBytes(bytes).build());
            rowsReported.merge(phase, rows, Long::sum);
            bytesReported.merge(phase, bytes, Long::sum);
            t = end;
        }
        for (int from = 0; from < records.size(); from += 250) {
            api.stub.reportUsage(UsageReport.newBuilder().addAllRecords(records.subList(from, Math.min(records.size(), from + 250))).build());
        }

        List<MeteringRecord> hours = all(task);
        Map<String, Long> rowsMetered = new HashMap<>();
        Map<String, Long> bytesMetered = new HashMap<>();
        for (MeteringRecord h : hours) {
            rowsMetered.merge(h.getPhase(), h.getRows(), Long::sum);
            bytesMetered.merge(h.getPhase(), h.getBytes(), Long::sum);
            assertThat(h.getHourStartMs() % 3_600_000).isZero();
        }
        assertThat(rowsMetered).isEqualTo(rowsReported);
        assertThat(bytesMetered).isEqualTo(bytesReported);
        assertThat(hours.stream().filter(h -> !h.getPhase().equals("INCREMENTAL")).map(MeteringRecord::getCharge)).containsOnly("0.00");
    }

    @Test
    void rowsCountInTheHourTheWindowEndsIn() {
        String task = newTaskId();
        api.stub.reportUsage(UsageReport.newBuilder()
                .addRecords(usage(task, "INCREMENTAL", "2026-11-03T10:50:00Z", "2026-11-03T11:10:00Z", 7))
                .addRecords(usage(task, "INCREMENTAL", "2026-11-03T11:10:00Z", "2026-11-03T12:00:00Z", 5)).build());

        List<MeteringRecord> hours = all(task);

        assertThat(hours).extracting(MeteringRecord::getHourStartMs, MeteringRecord::getRows).containsExactly(
                org.assertj.core.groups.Tuple.tuple(ms("2026-11-03T10:00:00Z"), 0L),
                org.assertj.core.groups.Tuple.tuple(ms("2026-11-03T11:00:00Z"), 12L));
    }

    @Test
    void pagesCoverEveryHourOnceInOrderAndRespectTheTimeRange() {
        String task = newTaskId();
        UsageReport.Builder report = UsageReport.newBuilder();
        for (int h = 0; h < 7; h++) {
            String hour = String.format("2026-11-07T%02d:", h);
            report.addRecords(usage(task, "FULL", hour + "00:00Z", hour + "10:00Z", h));
            report.addRecords(usage(task, "INCREMENTAL", hour + "10:00Z", hour + "20:00Z", h));
        }
        api.stub.reportUsage(report.build());

        List<String> seen = new ArrayList<>();
        String token = "";
        int pages = 0;
        do {
            ListMeteringResponse page = api.stub.listMeteringRecords(ListMeteringRequest.newBuilder().setTaskId(task)
                    .setFromMs(ms("2026-11-07T01:30:00Z")).setToMs(ms("2026-11-07T05:00:00Z")).setPageSize(3).setPageToken(token).build());
            page.getRecordsList().forEach(r -> seen.add(Instant.ofEpochMilli(r.getHourStartMs()) + " " + r.getPhase()));
            token = page.getNextPageToken();
            pages++;
        } while (!token.isEmpty());

        // from 01:30 starts with the 01:00 hour (it holds from); to 05:00 ends before the 05:00 hour
        assertThat(seen).containsExactly(
                "2026-11-07T01:00:00Z FULL", "2026-11-07T01:00:00Z INCREMENTAL",
                "2026-11-07T02:00:00Z FULL", "2026-11-07T02:00:00Z INCREMENTAL",
                "2026-11-07T03:00:00Z FULL", "2026-11-07T03:00:00Z INCREMENTAL",
                "2026-11-07T04:00:00Z FULL", "2026-11-07T04:00:00Z INCREMENTAL");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void concurrentReportsForTheSameHourLoseNothing() throws Exception {
        String task = newTaskId();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<UsageAck>> acks = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                UsageReport report = UsageReport.newBuilder()
                        .addRecords(usage(task, "INCREMENTAL", "2026-11-04T09:10:00Z", "2026-11-04T09:11:00Z", 10))
                        .addRecords(usage(task, "INCREMENTAL", "2026-11-04T09:59:00Z", "2026-11-04T10:01:00Z", 1)).build();
                acks.add(pool.submit(() -> api.stub.reportUsage(report)));
            }
            for (Future<UsageAck> ack : acks) {
                assertThat(ack.get().getAccepted()).isEqualTo(2);
            }
        } finally {
            pool.shutdown();
        }

        assertThat(all(task)).extracting(MeteringRecord::getRows).containsExactly(400L, 40L);
    }

    @Test
    void anInvalidRecordRefusesTheReportNamingItsField() {
        String task = newTaskId();
        UsageReport report = UsageReport.newBuilder()
                .addRecords(usage(task, "INCREMENTAL", "2026-11-03T10:00:00Z", "2026-11-03T10:01:00Z", 1))
                .addRecords(usage(task, "COPY", "2026-11-03T10:00:00Z", "2026-11-03T10:01:00Z", 1)).build();

        assertThatThrownBy(() -> api.stub.reportUsage(report)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).startsWith("records[1].phase: ").contains("'COPY'");
        });
        assertThat(all(task)).isEmpty();
    }

    @Test
    void listingValidatesItsRequest() {
        assertStatus(() -> api.stub.listMeteringRecords(ListMeteringRequest.getDefaultInstance()), "task_id: required");
        assertStatus(() -> api.stub.listMeteringRecords(ListMeteringRequest.newBuilder().setTaskId("t").setPageToken("%%").build()),
                "page_token: not a token from ListMeteringRecords");
        assertStatus(() -> api.stub.listMeteringRecords(ListMeteringRequest.newBuilder().setTaskId("t").setPageSize(5000).build()),
                "page_size: expected 0 (default 100) to 1000, got 5000");
        assertStatus(() -> api.stub.listMeteringRecords(ListMeteringRequest.newBuilder().setTaskId("t").setFromMs(10).setToMs(5).build()),
                "to_ms: must be after from_ms (or 0 for no end)");
    }

    private static void assertStatus(Runnable call, String description) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }

    private List<MeteringRecord> all(String task) {
        return api.stub.listMeteringRecords(ListMeteringRequest.newBuilder().setTaskId(task).setPageSize(1000).build()).getRecordsList();
    }
}
