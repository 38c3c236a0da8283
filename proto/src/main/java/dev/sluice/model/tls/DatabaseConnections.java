package dev.sluice.model.tls;

import dev.sluice.v1.Endpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The one place where the services open JDBC connections to a task's endpoints, so that every connection
 * (capture, apply, precheck, verify, repair, usage) honours the endpoint's {@code tls:} settings. The
 * caller gives its own driver properties (user, password, timeouts); this adds the TLS ones.
 */
public final class DatabaseConnections {

    private DatabaseConnections() {
    }

    /** @param field the endpoint's name in the task file (source), for errors about its tls files */
    public static Connection mariadb(Endpoint e, String field, Properties driverProperties) throws SQLException {
        Properties p = new Properties();
        p.putAll(driverProperties);
        JdbcTls.mariadb(e.getTls(), field + ".tls", p);
        return DriverManager.getConnection("jdbc:mariadb://" + e.getHost() + ":" + e.getPort() + "/", p);
    }

    /** @param field the endpoint's name in the task file (destination), for errors about its tls files */
    public static Connection postgresql(Endpoint e, String field, Properties driverProperties) throws SQLException {
        Properties p = new Properties();
        p.putAll(driverProperties);
        JdbcTls.postgresql(e.getTls(), field + ".tls", p);
        return DriverManager.getConnection("jdbc:postgresql://" + e.getHost() + ":" + e.getPort() + "/" + e.getDatabase(), p);
    }
}
