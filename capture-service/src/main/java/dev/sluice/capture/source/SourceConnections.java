package dev.sluice.capture.source;

import dev.sluice.model.Secrets;
import dev.sluice.model.tls.DatabaseConnections;
import dev.sluice.v1.Endpoint;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/** JDBC connections to the source, set up so that values arrive the way the converters expect. */
public final class SourceConnections {

    private SourceConnections() {
    }

    public static Connection open(Endpoint e) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", e.getUser());
        p.setProperty("password", Secrets.password(e));
        p.setProperty("connectTimeout", "10000");
        // Temporal values are read as text and parsed by us: no driver time-zone arithmetic.
        p.setProperty("tinyInt1isBit", "false");
        p.setProperty("yearIsDateType", "false");
        p.setProperty("useCompression", "false");
        Connection c = DatabaseConnections.mariadb(e, "source", p);
        try (Statement st = c.createStatement()) {
            // UTC session: TIMESTAMP columns print as UTC, so their instant survives any server time zone.
            // utf8mb4 results: the server converts every column from its own character set.
            st.execute("SET time_zone = '+00:00', NAMES utf8mb4, SESSION sql_mode = ''");
        }
        return c;
    }

    /** Error text with the source password removed, for statuses and logs. */
    public static String safeMessage(Throwable t, Endpoint e) {
        return Secrets.scrub(String.valueOf(t.getMessage()), e.getPassword());
    }
}
