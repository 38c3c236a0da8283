package dev.sluice.billing;

import static dev.sluice.billing.BillingApi.ms;
import static dev.sluice.billing.BillingApi.newTaskId;
import static dev.sluice.billing.BillingApi.usage;
import static dev.sluice.billing.PayAsYouGoBillTest.lines;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.Bill;
import dev.sluice.v1.GetBillRequest;
import dev.sluice.v1.RecordSubscriptionRequest;
import dev.sluice.v1.Subscription;
import dev.sluice.v1.UsageRecord;
import dev.sluice.v1.UsageReport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscriptions: billed up front in their start month, no hourly charge inside (small = 240.00/month). */
@QuarkusTest
@WithTestResource(value = BillingTestDatabase.class, scope = TestResourceScope.MATCHING_RESOURCES)
class SubscriptionBillTest {

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
    void aSubscriptionMonthIsOneLineAndItsHoursAreFree() {
        String task = newTaskId();
        // reported before the subscription is recorded: priced pay-as-you-go at first
        report(usage(task, "INCREMENTAL", "2026-11-09T22:00:00Z", "2026-11-10T02:00:00Z", 10));
        assertThat(bill(task, "2026-11").getTotal()).isEqualTo("2.00");

        Subscription s = subscribe(task, "2026-11-10T00:00:00Z", 1);
        // reported after: the last subscription hour is free, the first hour after it is not
        report(usage(task, "INCREMENTAL", "2026-12-09T23:00:00Z", "2026-12-10T01:00:00Z", 5));

        assertThat(s.getEndMs()).isEqualTo(ms("2026-12-10T00:00:00Z"));
        assertThat(s.getPrice()).isEqualTo("240.00");
        Bill november = bill(task, "2026-11");
        assertThat(lines(november)).containsExactly(
                task + " INCREMENTAL small payg 2 hour x 0.50 = 1.00 (0 rows)",
                task + " INCREMENTAL small subscription 2 hour x 0.00 = 0.00 (10 rows)",
                task + " SUBSCRIPTION small subscription 1 month x 240.00 = 240.00");
        assertThat(november.getTotal()).isEqualTo("241.00");
        Bill december = bill(task, "2026-12");
        assertThat(lines(december)).containsExactly(
                task + " INCREMENTAL small payg 1 hour x 0.50 = 0.50 (5 rows)",
                task + " INCREMENTAL small subscription 1 hour x 0.00 = 0.00 (0 rows)");
        assertThat(december.getTotal()).isEqualTo("0.50");
    }

    @Test
    void theHourASubscriptionStartsInIsFree() {
        String task = newTaskId();
        subscribe(task, "2026-11-15T10:20:00Z", 3);
        report(usage(task, "INCREMENTAL", "2026-11-15T09:00:00Z", "2026-11-15T11:00:00Z", 1));

        // 09:00 is before the subscription: 0.50; 10:00 is the hour it was bought in: free
        assertThat(bill(task, "2026-11").getTotal()).isEqualTo("720.50");
    }

    @Test
    void yearsArePricedAsTwelveMonths() {
        String task = newTaskId();
        Subscription s = api.stub.recordSubscription(request(task, "2026-11-01T00:00:00Z", 12).setInstanceClass("large").build());

        assertThat(s.getEndMs()).isEqualTo(ms("2027-11-01T00:00:00Z"));
        assertThat(s.getPrice()).isEqualTo("11520.00"); // 12 x 960.00
        assertThat(lines(bill(task, "2026-11"))).containsExactly(task + " SUBSCRIPTION large subscription 12 month x 960.00 = 11520.00");
        assertThat(bill(task, "2026-12").getLinesList()).isEmpty();
    }

    @Test
    void recordingTheSameSubscriptionTwiceRecordsItOnce() {
        String task = newTaskId();
        RecordSubscriptionRequest r = request(task, "2026-11-01T00:00:00Z", 2).build();

        Subscription first = api.stub.recordSubscription(r);
        Subscription again = api.stub.recordSubscription(r);

        assertThat(again).isEqualTo(first);
        assertThat(bill(task, "2026-11").getTotal()).isEqualTo("480.00");
    }

    @Test
    void conflictingSubscriptionsAreRefused() {
        String task = newTaskId();
        RecordSubscriptionRequest r = request(task, "2026-11-01T00:00:00Z", 2).build();
        api.stub.recordSubscription(r);

        assertStatus(() -> api.stub.recordSubscription(r.toBuilder().setMonths(3).build()), Status.Code.ALREADY_EXISTS,
                "subscription_id: " + r.getSubscriptionId() + " is already recorded with other terms");
        assertStatus(() -> api.stub.recordSubscription(request(task, "2026-12-31T00:00:00Z", 1).build()), Status.Code.FAILED_PRECONDITION,
                "task " + task + " already has subscription " + r.getSubscriptionId());
        // a renewal starting when the first ends is fine
        api.stub.recordSubscription(request(task, "2027-01-01T00:00:00Z", 1).build());
    }

    @Test
    void subscriptionRequestsAreValidated() {
        assertStatus(() -> api.stub.recordSubscription(request("t", "2026-11-01T00:00:00Z", 10).build()), Status.Code.INVALID_ARGUMENT,
                "months: expected one of [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 24, 36, 60] (1-9 months, 1, 2, 3 or 5 years), got 10");
        assertStatus(() -> api.stub.recordSubscription(request("t", "2026-11-01T00:00:00Z", 1).setInstanceClass("huge").build()),
                Status.Code.INVALID_ARGUMENT, "instance_class: unknown instance class 'huge' (known: micro, small, medium, large, xlarge)");
        assertStatus(() -> api.stub.recordSubscription(request("t", "2026-11-01T00:00:00Z", 1).setSubscriptionId("").build()),
                Status.Code.INVALID_ARGUMENT, "subscription_id: required");
        assertStatus(() -> api.stub.recordSubscription(request("t", "2026-11-01T00:00:00Z", 1).setStartMs(0).build()),
                Status.Code.INVALID_ARGUMENT, "start_ms: required (epoch milliseconds)");
    }

    @Test
    void aTaskThatSaysSubscriptionWithoutOneRecordedPaysByTheHour() {
        String task = newTaskId();
        report(usage(task, "INCREMENTAL", "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", 1).setBillingMethod("subscription"));

        assertThat(lines(bill(task, "2026-11"))).containsExactly(task + " INCREMENTAL small payg 1 hour x 0.50 = 0.50 (1 rows)");
    }

    private static RecordSubscriptionRequest.Builder request(String task, String start, int months) {
        return RecordSubscriptionRequest.newBuilder().setSubscriptionId("order-" + UUID.randomUUID()).setTaskId(task)
                .setInstanceClass("small").setStartMs(ms(start)).setMonths(months);
    }

    private Subscription subscribe(String task, String start, int months) {
        return api.stub.recordSubscription(request(task, start, months).build());
    }

    private static void assertStatus(Runnable call, Status.Code code, String descriptionStart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
            assertThat(e.getStatus().getCode()).isEqualTo(code);
            assertThat(e.getStatus().getDescription()).startsWith(descriptionStart);
        });
    }

    private void report(UsageRecord.Builder record) {
        api.stub.reportUsage(UsageReport.newBuilder().addRecords(record).build());
    }

    private Bill bill(String task, String month) {
        return api.stub.getBill(GetBillRequest.newBuilder().setTaskId(task).setMonth(month).build());
    }
}
