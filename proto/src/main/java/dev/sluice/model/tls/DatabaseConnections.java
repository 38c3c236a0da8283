package dev.sluice.model.tls;

import dev.sluice.v1.Endpoint;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.Locale;
import java.util.Properties;

/**
 * The one place where the services open JDBC connections to a task's endpoints, so that every connection
 * (capture, apply, precheck, verify, repair, usage) honours the endpoint's {@code tls:} settings. The
 * caller gives its own driver properties (user, password, timeouts); this adds the TLS ones.
 */
public final class DatabaseConnections {

    private DatabaseConnections() {
    }

    /** @param field the endpoint's name in the task file (source), for errors about its tls settings */
    public static Connection mariadb(Endpoint e, String field, Properties driverProperties) throws SQLException {
        Properties p = new Properties();
        p.putAll(driverProperties);
        JdbcTls.mariadb(e.getTls(), field + ".tls", p);
        return open("jdbc:mariadb://" + e.getHost() + ":" + e.getPort() + "/", p, e, field);
    }

    /** @param field the endpoint's name in the task file (destination), for errors about its tls settings */
    public static Connection postgresql(Endpoint e, String field, Properties driverProperties) throws SQLException {
        Properties p = new Properties();
        p.putAll(driverProperties);
        JdbcTls.postgresql(e.getTls(), field + ".tls", p);
        return open("jdbc:postgresql://" + e.getHost() + ":" + e.getPort() + "/" + e.getDatabase(), p, e, field);
    }

    private static Connection open(String url, Properties p, Endpoint e, String field) throws SQLException {
        try {
            return DriverManager.getConnection(url, p);
        } catch (SQLException ex) {
            if (!TlsMode.of(e.getTls().getMode()).encrypted() || !aboutTls(ex)) {
                throw ex;
            }
            // The drivers' words (PKIX path building failed, hostname could not be verified) do not name the setting
            // involved: a task status or log line should. Still a connection error (08...) for the retry rules.
            throw new SQLNonTransientConnectionException(field + ".tls: the TLS connection to " + e.getHost() + ":" + e.getPort()
                    + " failed (mode " + e.getTls().getMode() + "): " + ex.getMessage(), ex.getSQLState() == null ? "08000" : ex.getSQLState(),
                    ex.getErrorCode(), ex);
        }
    }

    private static boolean aboutTls(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(Locale.ROOT);
            if (c instanceof javax.net.ssl.SSLException || c instanceof java.security.cert.CertificateException || m.contains("ssl")
                    || m.contains("certificat") || m.contains("hostname") || m.contains("pkix")) {
                return true;
            }
        }
        return false;
    }
}
