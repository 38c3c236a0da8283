package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/** MariaDB 10.3 or later: older servers lack the binlog and information_schema features Sluice reads. */
final class SourceVersionCheck extends SourceCheck {

    static final int MIN_MAJOR = 10;
    static final int MIN_MINOR = 3;

    @Override
    public String id() {
        return "source.version";
    }

    @Override
    public String title() {
        return "Source is MariaDB " + MIN_MAJOR + "." + MIN_MINOR + " or later";
    }

    @Override
    CheckResult check(CheckContext ctx, Connection source) throws SQLException {
        Map<String, String> v = ctx.sourceVariables();
        return evaluate(v.get("version"), v.get("version_comment"));
    }

    CheckResult evaluate(String version, String comment) {
        ServerVersion found = ServerVersion.parse(version, comment);
        String fix = "use MariaDB " + MIN_MAJOR + "." + MIN_MINOR + " or later as the source (upgrade the server)";
        if (found == null) {
            return result().setStatus(CheckStatus.FAILED).setDetails("cannot tell the source's version from VERSION() = '" + version + "'")
                    .setFix(fix).build();
        }
        if (!found.mariadb()) {
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails("the source is not MariaDB: version " + version + (comment == null ? "" : " (" + comment + ")")
                            + "; Sluice reads MariaDB's binary log (GTIDs, events) only")
                    .setFix(fix).build();
        }
        if (!found.atLeast(MIN_MAJOR, MIN_MINOR)) {
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails("found MariaDB " + found.number() + " (" + version + "); " + MIN_MAJOR + "." + MIN_MINOR + " or later is required")
                    .setFix(fix).build();
        }
        return result().setStatus(CheckStatus.PASSED).setDetails("found MariaDB " + found.number() + " (" + version + ")").build();
    }
}
