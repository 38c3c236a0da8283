package dev.sluice.billing;

import static dev.sluice.billing.BillingApi.newTaskId;
import static dev.sluice.billing.BillingApi.usage;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.Bill;
import dev.sluice.v1.BillLine;
import dev.sluice.v1.GetBillRequest;
import dev.sluice.v1.InstanceClass;
import dev.sluice.v1.ListInstanceClassesRequest;
import dev.sluice.v1.ListMeteringRequest;
import dev.sluice.v1.MeteringRecord;
import dev.sluice.v1.UsageRecord;
import dev.sluice.v1.UsageReport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Bills of pay-as-you-go tasks, with the arithmetic pinned on worked examples (small = 0.50/h, large = 2.00/h). */
@QuarkusTest
@WithTestResource(value = BillingTestDatabase.class, scope = TestResourceScope.MATCHING_RESOURCES)
class PayAsYouGoBillTest {

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
    void schemaAndFullAreFreeAndIncrementalHoursArePricedByClass() {
        String task = newTaskId();
        report(usage(task, "SCHEMA", "2026-11-02T09:00:00Z", "2026-11-02T09:01:00Z", 0),
                usage(task, "FULL", "2026-11-02T09:01:00Z", "2026-11-02T11:30:00Z", 2_000_000),
                // three started hours: 11:30-12:10 touches 11:00 and 12:00, 13:59-14:00 touches 13:00
                usage(task, "INCREMENTAL", "2026-11-02T11:30:00Z", "2026-11-02T12:10:00Z", 500),
                usage(task, "INCREMENTAL", "2026-11-02T13:59:00Z", "2026-11-02T14:00:00Z", 20));

        Bill bill = bill(task, "2026-11");

        assertThat(lines(bill)).containsExactly(
                task + " SCHEMA small payg 1 hour x 0.00 = 0.00 (0 rows)",
                task + " FULL small payg 3 hour x 0.00 = 0.00 (2000000 rows)",
                task + " INCREMENTAL small payg 3 hour x 0.50 = 1.50 (520 rows)");
        assertThat(bill.getTotal()).isEqualTo("1.50");
    }

    @Test
    void theClassSetsTheHourlyPrice() {
        String task = newTaskId();
        report(usage(task, "INCREMENTAL", "2026-11-02T00:00:00Z", "2026-11-02T02:00:00Z", 9).setInstanceClass("large"));

        Bill bill = bill(task, "2026-11");

        assertThat(lines(bill)).containsExactly(task + " INCREMENTAL large payg 2 hour x 2.00 = 4.00 (9 rows)");
        assertThat(bill.getTotal()).isEqualTo("4.00");
    }

    @Test
    void pausedAndStoppedHoursAreNotBilledButRetryingHoursAre() {
        String task = newTaskId();
        report(usage(task, "INCREMENTAL", "2026-11-03T10:00:00Z", "2026-11-03T10:30:00Z", 5),
                // paused from 10:30 to 13:10: hour 10 is billed (it ran), 11 and 12 are not
                usage(task, "INCREMENTAL", "2026-11-03T10:30:00Z", "2026-11-03T13:10:00Z", 0).setState("PAUSED"),
                // resumed at 13:10, retrying the connection through 14:xx: both billed
                usage(task, "INCREMENTAL", "2026-11-03T13:10:00Z", "2026-11-03T13:20:00Z", 3),
                usage(task, "INCREMENTAL", "2026-11-03T13:20:00Z", "2026-11-03T14:40:00Z", 0).setState("RETRYING"),
                // stopped for the rest of the day: not billed
                usage(task, "INCREMENTAL", "2026-11-03T14:40:00Z", "2026-11-03T23:00:00Z", 0).setState("STOPPED"));

        List<MeteringRecord> hours = api.stub.listMeteringRecords(ListMeteringRequest.newBuilder().setTaskId(task).build()).getRecordsList();

        assertThat(hours).filteredOn(MeteringRecord::getActive).extracting(h -> h.getHourStartMs() / 3_600_000 % 24)
                .containsExactly(10L, 13L, 14L);
        assertThat(hours).filteredOn(h -> !h.getActive()).extracting(MeteringRecord::getCharge).containsOnly("0.00");
        // 11, 12 (paused) and 15 to 22 (stopped)
        assertThat(hours).filteredOn(h -> !h.getActive()).hasSize(10);
        assertThat(bill(task, "2026-11").getTotal()).isEqualTo("1.50");
    }

    @Test
    void anHourInWhichTheClassChangedIsBilledAtTheLargerClass() {
        String task = newTaskId();
        report(usage(task, "INCREMENTAL", "2026-11-04T08:00:00Z", "2026-11-04T08:20:00Z", 1),
                usage(task, "INCREMENTAL", "2026-11-04T08:20:00Z", "2026-11-04T09:30:00Z", 1).setInstanceClass("large"));

        assertThat(lines(bill(task, "2026-11"))).containsExactly(task + " INCREMENTAL large payg 2 hour x 2.00 = 4.00 (2 rows)");
    }

    @Test
    void workedExamples() {
        // 3 started hours on small: 3 x 0.50 = 1.50
        assertThat(total(usage(newTaskId(), "INCREMENTAL", "2026-11-06T10:59:59Z", "2026-11-06T12:00:01Z", 1))).isEqualTo("1.50");
        // a whole day on small: 24 x 0.50 = 12.00
        assertThat(total(usage(newTaskId(), "INCREMENTAL", "2026-11-06T00:00:00Z", "2026-11-07T00:00:00Z", 1))).isEqualTo("12.00");
        // one second on large is a started hour: 2.00
        assertThat(total(usage(newTaskId(), "INCREMENTAL", "2026-11-06T05:00:00Z", "2026-11-06T05:00:01Z", 1).setInstanceClass("large")))
                .isEqualTo("2.00");
        // an instant (empty window) on micro still starts its hour: 0.25
        assertThat(total(usage(newTaskId(), "INCREMENTAL", "2026-11-06T05:30:00Z", "2026-11-06T05:30:00Z", 1).setInstanceClass("micro")))
                .isEqualTo("0.25");
        // a window ending exactly on the hour does not start the next one: 1 x 0.50
        assertThat(total(usage(newTaskId(), "INCREMENTAL", "2026-11-06T05:00:00Z", "2026-11-06T06:00:00Z", 1))).isEqualTo("0.50");
        // free phases cost nothing however long
        assertThat(total(usage(newTaskId(), "FULL", "2026-11-06T00:00:00Z", "2026-11-07T00:00:00Z", 1))).isEqualTo("0.00");
    }

    @Test
    void hoursAreBilledInTheMonthTheyStartIn() {
        String task = newTaskId();
        report(usage(task, "INCREMENTAL", "2026-11-30T22:30:00Z", "2026-12-01T01:30:00Z", 1));

        assertThat(bill(task, "2026-11").getTotal()).isEqualTo("1.00");
        assertThat(bill(task, "2026-12").getTotal()).isEqualTo("1.00");
        assertThat(bill(task, "2026-10").getLinesList()).isEmpty();
        assertThat(bill(task, "2026-10").getTotal()).isEqualTo("0.00");
    }

    @Test
    void anAccountsBillSumsItsTasks() {
        String account = "acct-" + UUID.randomUUID();
        String a = newTaskId();
        String b = newTaskId();
        report(usage(a, "INCREMENTAL", "2026-11-08T10:00:00Z", "2026-11-08T12:00:00Z", 1).setAccount(account),
                usage(b, "INCREMENTAL", "2026-11-08T10:00:00Z", "2026-11-08T11:00:00Z", 1).setAccount(account).setInstanceClass("large"),
                usage(newTaskId(), "INCREMENTAL", "2026-11-08T10:00:00Z", "2026-11-08T11:00:00Z", 1).setAccount("someone-else"));

        Bill bill = api.stub.getBill(GetBillRequest.newBuilder().setAccount(account).setMonth("2026-11").build());

        assertThat(bill.getLinesList()).extracting(BillLine::getTaskId).containsExactlyInAnyOrder(a, b);
        assertThat(bill.getTotal()).isEqualTo("3.00"); // 2 x 0.50 + 1 x 2.00
    }

    @Test
    void billRequestsAreValidated() {
        assertInvalid(GetBillRequest.newBuilder().setMonth("2026-11").build(), "account, task_id: give one of them");
        assertInvalid(GetBillRequest.newBuilder().setMonth("2026-11").setTaskId("t").setAccount("a").build(),
                "account, task_id: give one, not both");
        assertInvalid(GetBillRequest.newBuilder().setMonth("2026-13").setTaskId("t").build(),
                "month: expected YYYY-MM (e.g. 2026-11), got '2026-13'");
        assertInvalid(GetBillRequest.newBuilder().setTaskId("t").build(), "month: expected YYYY-MM (e.g. 2026-11), got ''");
    }

    @Test
    void instanceClassesAreListedCheapestFirst() {
        List<InstanceClass> classes = api.stub.listInstanceClasses(ListInstanceClassesRequest.getDefaultInstance()).getClassesList();

        assertThat(classes).extracting(InstanceClass::getName).containsExactly("micro", "small", "medium", "large", "xlarge");
        assertThat(classes.get(1)).satisfies(c -> {
            assertThat(c.getPricePerHour()).isEqualTo("0.50");
            assertThat(c.getPricePerMonth()).isEqualTo("240.00");
            assertThat(c.getRowsPerSecond()).isEqualTo(5000);
        });
    }

    private void assertInvalid(GetBillRequest request, String description) {
        assertThatThrownBy(() -> api.stub.getBill(request)).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INVALID_ARGUMENT);
            assertThat(e.getStatus().getDescription()).isEqualTo(description);
        });
    }

    private String total(UsageRecord.Builder record) {
        report(record);
        return bill(record.getTaskId(), "2026-11").getTotal();
    }

    private void report(UsageRecord.Builder... records) {
        UsageReport.Builder report = UsageReport.newBuilder();
        for (UsageRecord.Builder r : records) {
            report.addRecords(r);
        }
        api.stub.reportUsage(report.build());
    }

    private Bill bill(String task, String month) {
        return api.stub.getBill(GetBillRequest.newBuilder().setTaskId(task).setMonth(month).build());
    }

    static List<String> lines(Bill bill) {
        return bill.getLinesList().stream().map(l -> l.getTaskId() + " " + l.getItem() + " " + l.getInstanceClass() + " "
                + l.getBillingMethod() + " " + l.getQuantity() + " " + l.getUnit() + " x " + l.getUnitPrice() + " = " + l.getAmount()
                + (l.getUnit().equals("hour") ? " (" + l.getRows() + " rows)" : "")).toList();
    }
}
