package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One binary-log server variable that incremental sync depends on. Global values are read: a session keeps
 * the value it started with, but new sessions (the applications writing tomorrow) get the global one.
 */
final class BinlogSettingCheck extends SourceCheck {

    private final String id;
    private final String title;
    private final String variable;
    private final String expected;
    private final CheckStatus otherwise;
    private final String consequence;
    private final String fix;
    private final CheckStatus ifAbsent;
    private final String absentDetails;
    private final String absentFix;

    private BinlogSettingCheck(String id, String title, String variable, String expected, CheckStatus otherwise, String consequence,
            String fix, CheckStatus ifAbsent, String absentDetails, String absentFix) {
        this.id = id;
        this.title = title;
        this.variable = variable;
        this.expected = expected;
        this.otherwise = otherwise;
        this.consequence = consequence;
        this.fix = fix;
        this.ifAbsent = ifAbsent;
        this.absentDetails = absentDetails;
        this.absentFix = absentFix;
    }

    static BinlogSettingCheck logBin() {
        String fix = "enable the binary log: add log_bin=mysql-bin and a non-zero server_id under [mariadbd] in the server's "
                + "configuration and restart MariaDB (on a managed service: turn on binary logging in its settings)";
        return new BinlogSettingCheck("source.log_bin", "Binary logging is on", "log_bin", "ON", CheckStatus.FAILED,
                "the binary log is disabled, so incremental synchronization has nothing to read", fix,
                CheckStatus.FAILED, "the server does not report log_bin", fix);
    }

    static BinlogSettingCheck binlogFormat() {
        String fix = setGlobal("binlog_format", "ROW") + "; sessions that are already connected keep their old format until they reconnect";
        return new BinlogSettingCheck("source.binlog_format", "binlog_format is ROW", "binlog_format", "ROW", CheckStatus.FAILED,
                "changes logged as SQL statements carry no row values, and Sluice decodes row events only", fix,
                CheckStatus.FAILED, "the server does not report binlog_format", fix);
    }

    static BinlogSettingCheck rowImage() {
        String fix = setGlobal("binlog_row_image", "FULL");
        return new BinlogSettingCheck("source.binlog_row_image", "binlog_row_image is FULL", "binlog_row_image", "FULL", CheckStatus.FAILED,
                "updates and deletes would log only some columns, so rows could not be found or fully updated in PostgreSQL", fix,
                CheckStatus.FAILED, "the server does not report binlog_row_image", fix);
    }

    static BinlogSettingCheck rowMetadata() {
        return new BinlogSettingCheck("source.binlog_row_metadata", "binlog_row_metadata is FULL", "binlog_row_metadata", "FULL",
                CheckStatus.WARNING,
                "row events do not carry column names, so Sluice relies on the schema it read at start: a column added, dropped "
                        + "or moved while the task runs is not noticed from the events themselves",
                setGlobal("binlog_row_metadata", "FULL") + "; or ignore this warning if the selected tables' columns do not change "
                        + "while the task runs",
                CheckStatus.WARNING,
                "binlog_row_metadata does not exist on this server (MariaDB 10.5 added it): Sluice relies on the schema it read at start",
                "upgrade the source to MariaDB 10.5 or later and set binlog_row_metadata=FULL, or ignore this warning if the selected "
                        + "tables' columns do not change while the task runs");
    }

    static BinlogSettingCheck logBinCompress() {
        return new BinlogSettingCheck("source.log_bin_compress", "Binary log compression is off", "log_bin_compress", "OFF",
                CheckStatus.FAILED, "compressed binlog events cannot be decoded by Sluice",
                setGlobal("log_bin_compress", "OFF") + "; events written while it was ON stay compressed, so turn it off before the "
                        + "task starts",
                CheckStatus.PASSED, "the server has no binlog compression (log_bin_compress does not exist)", "");
    }

    private static String setGlobal(String variable, String value) {
        return "run SET GLOBAL " + variable + " = '" + value + "' on the source and set " + variable + "=" + value
                + " under [mariadbd] in its configuration, so the value survives a restart";
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    CheckResult check(CheckContext ctx, Connection source) throws SQLException {
        String value = ctx.sourceVariables().get(variable);
        if (!ctx.spec().getTypes().getIncremental()) {
            return result().setStatus(CheckStatus.PASSED)
                    .setDetails("not required: the task has no incremental synchronization (" + variable + " = " + value + ")").build();
        }
        if (value == null) {
            return result().setStatus(ifAbsent).setDetails(absentDetails).setFix(absentFix).build();
        }
        if (value.equalsIgnoreCase(expected)) {
            return result().setStatus(CheckStatus.PASSED).setDetails(variable + " = " + value).build();
        }
        return result().setStatus(otherwise).setDetails(variable + " = " + value + " (" + expected + " is required): " + consequence)
                .setFix(fix).build();
    }
}
