package dev.sluice.precheck.checks;

import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** PostgreSQL 12 or later: the DDL and COPY Sluice issues (generated columns, among others) need it. */
final class DestinationVersionCheck extends DestinationCheck {

    static final int MIN_VERSION_NUM = 120000;

    @Override
    public String id() {
        return "destination.version";
    }

    @Override
    public String title() {
        return "Destination is PostgreSQL 12 or later";
    }

    @Override
    CheckResult check(CheckContext ctx, Connection destination) throws SQLException {
        try (Statement st = destination.createStatement();
                ResultSet rs = st.executeQuery("SELECT current_setting('server_version_num')::int, current_setting('server_version')")) {
            rs.next();
            return evaluate(rs.getInt(1), rs.getString(2));
        }
    }

    CheckResult evaluate(int versionNum, String version) {
        if (versionNum < MIN_VERSION_NUM) {
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails("found PostgreSQL " + version + " (server_version_num " + versionNum + "); 12 or later is required")
                    .setFix("use PostgreSQL 12 or later as the destination (upgrade the server)").build();
        }
        return result().setStatus(CheckStatus.PASSED).setDetails("found PostgreSQL " + version).build();
    }
}
