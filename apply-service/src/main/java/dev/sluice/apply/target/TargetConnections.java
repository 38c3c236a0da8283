package dev.sluice.apply.target;

import dev.sluice.model.Secrets;
import dev.sluice.model.tls.DatabaseConnections;
import dev.sluice.v1.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** Destination connections, set up the way the writers rely on. */
public final class TargetConnections {

    private TargetConnections() {
    }

    public static Connection open(Endpoint e, String purpose) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", e.getUser());
        p.setProperty("password", Secrets.password(e));
        p.setProperty("connectTimeout", "10");
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "sluice-apply " + purpose);
        // Every value is bound as text of unknown type: PostgreSQL converts it to the column's type,
        // the same conversion COPY does, so full and incremental sync store values identically.
        p.setProperty("stringtype", "unspecified");
        p.setProperty("reWriteBatchedInserts", "false");
        Connection c = DatabaseConnections.postgresql(e, "destination", p);
        try (Statement st = c.createStatement()) {
            // No foreign-key checks or triggers for replicated writes (cascades are run explicitly, see dml).
            st.execute("SET session_replication_role = replica");
            st.execute("SET TIME ZONE 'UTC'");
            st.execute("SET statement_timeout = 0");
        }
        return c;
    }
}
