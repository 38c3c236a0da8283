package dev.sluice.precheck.checks;

import dev.sluice.model.Secrets;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.TaskSpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** What checks share for one run: the spec and (lazily) one connection per side, closed at the end. */
public class CheckContext implements AutoCloseable {

    static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final TaskSpec spec;
    private Connection source;
    private Connection destination;
    private SQLException sourceError;
    private SQLException destinationError;

    public CheckContext(TaskSpec spec) {
        this.spec = spec;
    }

    public TaskSpec spec() {
        return spec;
    }

    /** @return the source connection, or null when it cannot be opened ({@link #sourceError()} says why) */
    public Connection source() {
        if (source == null && sourceError == null) {
            try {
                source = openSource(spec.getSource());
            } catch (SQLException e) {
                sourceError = e;
            }
        }
        return source;
    }

    public SQLException sourceError() {
        source();
        return sourceError;
    }

    public Connection destination() {
        if (destination == null && destinationError == null) {
            try {
                destination = openDestination(spec.getDestination());
            } catch (SQLException e) {
                destinationError = e;
            }
        }
        return destination;
    }

    public SQLException destinationError() {
        destination();
        return destinationError;
    }

    /** Scrubs both passwords from text that came back from a driver. */
    public String safe(String message) {
        return Secrets.scrub(message, Secrets.password(spec.getSource()), Secrets.password(spec.getDestination()));
    }

    static Connection openSource(Endpoint e) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", e.getUser());
        p.setProperty("password", Secrets.password(e));
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
        p.setProperty("socketTimeout", "60000");
        return DriverManager.getConnection("jdbc:mariadb://" + e.getHost() + ":" + e.getPort() + "/", p);
    }

    static Connection openDestination(Endpoint e) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", e.getUser());
        p.setProperty("password", Secrets.password(e));
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("socketTimeout", "60");
        p.setProperty("ApplicationName", "sluice-precheck");
        return DriverManager.getConnection("jdbc:postgresql://" + e.getHost() + ":" + e.getPort() + "/" + e.getDatabase(), p);
    }

    @Override
    public void close() {
        for (Connection c : new Connection[] {source, destination}) {
            if (c != null) {
                try {
                    c.close();
                } catch (SQLException ignored) {
                    // closing after the checks: nothing left to report
                }
            }
        }
    }
}
