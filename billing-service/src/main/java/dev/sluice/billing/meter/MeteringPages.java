package dev.sluice.billing.meter;

import dev.sluice.billing.InvalidRequestException;
import dev.sluice.billing.UtcHours;
import dev.sluice.billing.pricing.Money;
import dev.sluice.v1.ListMeteringRequest;
import dev.sluice.v1.ListMeteringResponse;
import dev.sluice.v1.MeteringRecord;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A task's metering records, oldest hour first, one page at a time. The page token is the last
 * (hour, phase) returned: keyset paging stays correct while new hours are being written.
 */
@ApplicationScoped
public class MeteringPages {

    public static final int DEFAULT_PAGE_SIZE = 100;
    public static final int MAX_PAGE_SIZE = 1000;

    private record Position(Instant hour, String phase) {
    }

    @Transactional
    public ListMeteringResponse list(ListMeteringRequest request) {
        if (request.getTaskId().isBlank()) {
            throw new InvalidRequestException("task_id", "required");
        }
        if (request.getPageSize() < 0 || request.getPageSize() > MAX_PAGE_SIZE) {
            throw new InvalidRequestException("page_size", "expected 0 (default " + DEFAULT_PAGE_SIZE + ") to " + MAX_PAGE_SIZE
                    + ", got " + request.getPageSize());
        }
        if (request.getFromMs() < 0) {
            throw new InvalidRequestException("from_ms", "must not be negative");
        }
        if (request.getToMs() < 0 || request.getToMs() != 0 && request.getToMs() <= request.getFromMs()) {
            throw new InvalidRequestException("to_ms", "must be after from_ms (or 0 for no end)");
        }
        int size = request.getPageSize() == 0 ? DEFAULT_PAGE_SIZE : request.getPageSize();
        StringBuilder query = new StringBuilder("taskId = :task and hourStart >= :from");
        Parameters params = Parameters.with("task", request.getTaskId())
                .and("from", UtcHours.floor(Instant.ofEpochMilli(request.getFromMs())));
        if (request.getToMs() != 0) {
            query.append(" and hourStart < :to");
            params.and("to", Instant.ofEpochMilli(request.getToMs()));
        }
        if (!request.getPageToken().isEmpty()) {
            Position after = decode(request.getPageToken());
            query.append(" and (hourStart > :afterHour or (hourStart = :afterHour and phase > :afterPhase))");
            params.and("afterHour", after.hour()).and("afterPhase", after.phase());
        }
        // range is inclusive: size + 1 rows, the extra one only tells whether another page follows
        List<MeteringHourEntity> rows = MeteringHourEntity.<MeteringHourEntity>find(query.toString(),
                Sort.by("hourStart").and("phase"), params).range(0, size).list();
        ListMeteringResponse.Builder out = ListMeteringResponse.newBuilder();
        rows.stream().limit(size).forEach(r -> out.addRecords(toRecord(r)));
        if (rows.size() > size) {
            MeteringHourEntity last = rows.get(size - 1);
            out.setNextPageToken(encode(new Position(last.hourStart, last.phase)));
        }
        return out.build();
    }

    static MeteringRecord toRecord(MeteringHourEntity r) {
        return MeteringRecord.newBuilder().setTaskId(r.taskId).setHourStartMs(r.hourStart.toEpochMilli()).setPhase(r.phase)
                .setRows(r.rows).setBytes(r.bytes).setCharge(Money.text(r.charge)).setInstanceClass(r.instanceClass)
                .setBillingMethod(r.billingMethod).setActive(r.active).setUnitPrice(Money.text(r.unitPrice)).build();
    }

    private static String encode(Position p) {
        String raw = p.hour().toEpochMilli() + "/" + p.phase();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static Position decode(String token) {
        try {
            String raw = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            int slash = raw.indexOf('/');
            return new Position(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, slash))), raw.substring(slash + 1));
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new InvalidRequestException("page_token", "not a token from ListMeteringRecords");
        }
    }
}
