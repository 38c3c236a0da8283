package dev.sluice.billing;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Billing hours and months are UTC clock hours and calendar months. */
public final class UtcHours {

    private UtcHours() {
    }

    public static Instant floor(Instant t) {
        return t.truncatedTo(ChronoUnit.HOURS);
    }

    /** The hours from first to last, both included. */
    public static List<Instant> range(Instant first, Instant last) {
        List<Instant> out = new ArrayList<>();
        for (Instant h = floor(first); !h.isAfter(last); h = h.plus(1, ChronoUnit.HOURS)) {
            out.add(h);
        }
        return out;
    }

    public static Instant monthStart(YearMonth month) {
        return month.atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    public static Instant plusMonths(Instant t, int months) {
        return t.atOffset(ZoneOffset.UTC).plusMonths(months).toInstant();
    }
}
