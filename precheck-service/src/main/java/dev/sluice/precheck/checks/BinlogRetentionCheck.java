package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.SyncTypes;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * Binlogs must outlive the task's catch-up: incremental sync starts from the position taken before the
 * full copy, so with a full copy the binlogs of the whole copy (days, for big databases) must still be there,
 * and a task that stops for a while must find its position again. The seed guide's numbers: 24 hours for
 * incremental only, 7 days with a full copy.
 */
final class BinlogRetentionCheck extends SourceCheck {

    static final long DAY = 86_400;
    static final long INCREMENTAL_ONLY = DAY;
    static final long WITH_FULL = 7 * DAY;

    @Override
    public String id() {
        return "source.binlog_retention";
    }

    @Override
    public String title() {
        return "Binary logs are kept long enough";
    }

    @Override
    CheckResult check(CheckContext ctx, Connection source) throws SQLException {
        Map<String, String> v = ctx.sourceVariables();
        return evaluate(ctx.spec().getTypes(), v.get("binlog_expire_logs_seconds"), v.get("expire_logs_days"));
    }

    CheckResult evaluate(SyncTypes types, String expireSeconds, String expireDays) {
        // MariaDB 10.6 added binlog_expire_logs_seconds and keeps both in step; older servers only have days
        long seconds;
        String setting;
        if (expireSeconds != null) {
            seconds = Long.parseLong(expireSeconds.trim());
            setting = "binlog_expire_logs_seconds = " + expireSeconds.trim();
        } else if (expireDays != null) {
            seconds = new BigDecimal(expireDays.trim()).multiply(BigDecimal.valueOf(DAY)).longValue();
            setting = "expire_logs_days = " + expireDays.trim();
        } else {
            return result().setStatus(CheckStatus.WARNING).setDetails("the server reports neither binlog_expire_logs_seconds nor expire_logs_days")
                    .setFix("make sure the source keeps its binary logs for at least 7 days").build();
        }
        if (!types.getIncremental()) {
            return result().setStatus(CheckStatus.PASSED)
                    .setDetails("not required: the task has no incremental synchronization (" + setting + ")").build();
        }
        if (seconds == 0) {
            return result().setStatus(CheckStatus.PASSED).setDetails(setting + ": binary logs are never removed automatically").build();
        }
        long required = types.getFull() ? WITH_FULL : INCREMENTAL_ONLY;
        String kind = types.getFull() ? "a task with full + incremental synchronization" : "a task with incremental synchronization only";
        if (seconds >= required) {
            return result().setStatus(CheckStatus.PASSED)
                    .setDetails(setting + " (" + duration(seconds) + "); " + kind + " needs at least " + duration(required)).build();
        }
        String fix = "run SET GLOBAL binlog_expire_logs_seconds = " + required + " on the source (expire_logs_days = " + required / DAY
                + " before MariaDB 10.6) and set it in the server's configuration";
        if (types.getFull()) {
            fix += "; once the full copy has finished, " + duration(INCREMENTAL_ONLY) + " is enough";
        }
        return result().setStatus(CheckStatus.WARNING)
                .setDetails(setting + " keeps binary logs for " + duration(seconds) + "; " + kind + " needs at least " + duration(required)
                        + ": binlogs removed before Sluice reads them make the task fail or lose changes")
                .setFix(fix).build();
    }

    static String duration(long seconds) {
        if (seconds % DAY == 0) {
            return Listing.count(seconds / DAY, "day", "days");
        }
        if (seconds % 3600 == 0) {
            return Listing.count(seconds / 3600, "hour", "hours");
        }
        if (seconds >= 3600) {
            return String.format("%.1f hours", seconds / 3600.0);
        }
        return Listing.count(seconds, "second", "seconds");
    }
}
