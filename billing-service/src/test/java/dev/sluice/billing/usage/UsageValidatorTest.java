package dev.sluice.billing.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.billing.InvalidRequestException;
import dev.sluice.billing.pricing.BillingMethod;
import dev.sluice.billing.pricing.TestPrices;
import dev.sluice.billing.pricing.Phase;
import dev.sluice.billing.pricing.TaskActivity;
import dev.sluice.v1.UsageRecord;
import dev.sluice.v1.UsageReport;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class UsageValidatorTest {

    private final UsageValidator validator = new UsageValidator(TestPrices.PRICES);

    private static UsageRecord.Builder good() {
        return UsageRecord.newBuilder().setRecordId("r1").setTaskId("t1").setPhase("incremental").setState("running")
                .setInstanceClass("Small").setRows(5).setBytes(50)
                .setWindowStartMs(Instant.parse("2026-11-03T10:59:00Z").toEpochMilli())
                .setWindowEndMs(Instant.parse("2026-11-03T11:00:00Z").toEpochMilli());
    }

    @Test
    void normalizesNamesAndDefaultsToPayAsYouGo() {
        Usage u = validator.validate(UsageReport.newBuilder().addRecords(good()).build()).get(0);

        assertThat(u.phase()).isEqualTo(Phase.INCREMENTAL);
        assertThat(u.state()).isEqualTo(TaskActivity.RUNNING);
        assertThat(u.instanceClass()).isEqualTo("small");
        assertThat(u.billingMethod()).isEqualTo(BillingMethod.PAYG);
        // [10:59, 11:00) lies entirely in the 10:00 hour
        assertThat(u.firstHour()).isEqualTo(Instant.parse("2026-11-03T10:00:00Z"));
        assertThat(u.lastHour()).isEqualTo(Instant.parse("2026-11-03T10:00:00Z"));
    }

    @Test
    void errorsNameTheField() {
        assertRefused(r -> r.setRecordId(" "), "records[1].record_id: required");
        assertRefused(r -> r.setTaskId(""), "records[1].task_id: required");
        assertRefused(r -> r.setPhase("COPY"), "records[1].phase: expected one of [SCHEMA, FULL, INCREMENTAL], got 'COPY'");
        assertRefused(r -> r.setState(""), "records[1].state: expected one of [RUNNING, RETRYING, PAUSED, STOPPED, FAILED, COMPLETED], got ''");
        assertRefused(r -> r.setInstanceClass(""), "records[1].instance_class: required for the INCREMENTAL phase (it sets the price)");
        assertRefused(r -> r.setInstanceClass("huge"), "records[1].instance_class: unknown instance class 'huge' (known: odd, small, large)");
        assertRefused(r -> r.setBillingMethod("monthly"), "records[1].billing_method: expected payg or subscription, got 'monthly'");
        assertRefused(r -> r.setRows(-1), "records[1].rows: must not be negative, got -1");
        assertRefused(r -> r.setBytes(-1), "records[1].bytes: must not be negative, got -1");
        assertRefused(r -> r.setWindowStartMs(0), "records[1].window_start_ms: required (epoch milliseconds)");
        assertRefused(r -> r.setWindowEndMs(r.getWindowStartMs() - 1), "records[1].window_end_ms: before window_start_ms");
        assertRefused(r -> r.setWindowEndMs(r.getWindowStartMs() + 24 * 3_600_000L + 1),
                "records[1].window_end_ms: a record covers at most 24 hours; split longer windows");
    }

    @Test
    void freePhasesNeedNoClass() {
        Usage u = validator.validate(UsageReport.newBuilder().addRecords(good().setPhase("FULL").setInstanceClass("")).build()).get(0);

        assertThat(u.instanceClass()).isEmpty();
    }

    private void assertRefused(UnaryOperator<UsageRecord.Builder> breakIt, String message) {
        UsageReport report = UsageReport.newBuilder().addRecords(good()).addRecords(breakIt.apply(good())).build();
        assertThatThrownBy(() -> validator.validate(report)).isInstanceOf(InvalidRequestException.class).hasMessage(message);
    }
}
