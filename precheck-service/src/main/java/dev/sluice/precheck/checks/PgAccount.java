package dev.sluice.precheck.checks;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Who the destination connection is, for details and for GRANT statements in fixes. */
record PgAccount(String user, String database, boolean superuser, int versionNum) {

    static PgAccount of(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT current_user, current_database(), "
                + "(SELECT rolsuper FROM pg_roles WHERE rolname = current_user), current_setting('server_version_num')::int")) {
            rs.next();
            return new PgAccount(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getInt(4));
        }
    }
}
