package dev.sluice.billing.usage;

import static dev.sluice.billing.Fields.maxLength;
import static dev.sluice.billing.Fields.required;

import dev.sluice.billing.InvalidRequestException;
import dev.sluice.billing.pricing.BillingMethod;
import dev.sluice.billing.pricing.Phase;
import dev.sluice.billing.pricing.PriceList;
import dev.sluice.billing.pricing.TaskActivity;
import dev.sluice.v1.UsageRecord;
import dev.sluice.v1.UsageReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Turns a {@link UsageReport} into {@link Usage}s, or refuses the whole report naming the first bad field. */
public final class UsageValidator {

    public static final int MAX_RECORDS = 10_000;
    /** Longer windows are refused so one record can never make a rebuild walk through weeks of hours. */
    public static final Duration MAX_WINDOW = Duration.ofHours(24);

    private final PriceList prices;

    public UsageValidator(PriceList prices) {
        this.prices = prices;
    }

    public List<Usage> validate(UsageReport report) {
        if (report.getRecordsCount() > MAX_RECORDS) {
            throw new InvalidRequestException("records", "at most " + MAX_RECORDS + " per report, got " + report.getRecordsCount());
        }
        List<Usage> out = new ArrayList<>(report.getRecordsCount());
        for (int i = 0; i < report.getRecordsCount(); i++) {
            out.add(validate("records[" + i + "].", report.getRecords(i)));
        }
        return out;
    }

    private Usage validate(String at, UsageRecord r) {
        String recordId = required(at + "record_id", r.getRecordId(), 128);
        String taskId = required(at + "task_id", r.getTaskId(), 64);
        String account = maxLength(at + "account", r.getAccount(), 128);
        Phase phase = oneOf(at + "phase", r.getPhase(), Phase.class);
        TaskActivity state = oneOf(at + "state", r.getState(), TaskActivity.class);
        String instanceClass = r.getInstanceClass().strip().toLowerCase(Locale.ROOT);
        if (instanceClass.isEmpty() && phase.charged()) {
            throw new InvalidRequestException(at + "instance_class", "required for the INCREMENTAL phase (it sets the price)");
        }
        if (!instanceClass.isEmpty()) {
            prices.require(at + "instance_class", instanceClass);
        }
        BillingMethod method = r.getBillingMethod().isBlank() ? BillingMethod.PAYG : BillingMethod.of(r.getBillingMethod().strip());
        if (method == null) {
            throw new InvalidRequestException(at + "billing_method", "expected payg or subscription, got '" + r.getBillingMethod() + "'");
        }
        if (r.getRows() < 0) {
            throw new InvalidRequestException(at + "rows", "must not be negative, got " + r.getRows());
        }
        if (r.getBytes() < 0) {
            throw new InvalidRequestException(at + "bytes", "must not be negative, got " + r.getBytes());
        }
        if (r.getWindowStartMs() <= 0) {
            throw new InvalidRequestException(at + "window_start_ms", "required (epoch milliseconds)");
        }
        if (r.getWindowEndMs() < r.getWindowStartMs()) {
            throw new InvalidRequestException(at + "window_end_ms", "before window_start_ms");
        }
        if (r.getWindowEndMs() - r.getWindowStartMs() > MAX_WINDOW.toMillis()) {
            throw new InvalidRequestException(at + "window_end_ms", "a record covers at most 24 hours; split longer windows");
        }
        return new Usage(recordId, taskId, account, phase, state, instanceClass, method, r.getRows(), r.getBytes(),
                Instant.ofEpochMilli(r.getWindowStartMs()), Instant.ofEpochMilli(r.getWindowEndMs()));
    }

    private static <E extends Enum<E>> E oneOf(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(field, "expected one of " + Arrays.toString(type.getEnumConstants())
                    + ", got '" + value + "'");
        }
    }
}
