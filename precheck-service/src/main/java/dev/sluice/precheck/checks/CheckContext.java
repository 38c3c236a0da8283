package dev.sluice.precheck.checks;

import dev.sluice.model.Secrets;
import dev.sluice.model.tls.DatabaseConnections;
import dev.sluice.precheck.objects.SelectedObjects;
import dev.sluice.precheck.objects.SelectionReader;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.TaskSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * What checks share for one run: the spec and (lazily) one connection per side, closed at the end, plus
 * what several checks read from the source (server variables, the selected objects), read once. A failure
 * is remembered too, so a dead host costs one timeout per run, not one per check.
 */
public class CheckContext implements AutoCloseable {

    static final int CONNECT_TIMEOUT_SECONDS = 10;
    static final int QUERY_TIMEOUT_SECONDS = 60;
    /** SQLState of the error recorded when a passwordEnv variable is not set where this service runs. */
    static final String NO_PASSWORD_STATE = "SLUICE_NO_PASSWORD";

    /** Every server variable a check looks at, read in one query. */
    static final List<String> SOURCE_VARIABLES = List.of("version", "version_comment", "log_bin", "binlog_format",
            "binlog_row_image", "binlog_row_metadata", "log_bin_compress", "expire_logs_days", "binlog_expire_logs_seconds",
            "server_id", "lower_case_table_names");

    private final TaskSpec spec;
    private final PasswordOrProblem sourcePassword;
    private final PasswordOrProblem destinationPassword;
    private Connection source;
    private Connection destination;
    private SQLException sourceError;
    private SQLException destinationError;
    private Map<String, String> sourceVariables;
    private SelectedObjects objects;
    private SQLException objectsError;

    public CheckContext(TaskSpec spec) {
        this.spec = spec;
        this.sourcePassword = PasswordOrProblem.of(spec.getSource());
        this.destinationPassword = PasswordOrProblem.of(spec.getDestination());
    }

    public TaskSpec spec() {
        return spec;
    }

    /** @return the source connection, or null when it cannot be opened ({@link #sourceError()} says why) */
    public Connection source() {
        if (source == null && sourceError == null) {
            try {
                source = openSource(spec.getSource(), sourcePassword.require());
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
                destination = openDestination(spec.getDestination(), destinationPassword.require());
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

    /** The source's global variables, by lower-case name; a variable this server version lacks is absent. */
    public Map<String, String> sourceVariables() throws SQLException {
        if (sourceVariables == null) {
            Map<String, String> out = new HashMap<>();
            String sql = "SHOW GLOBAL VARIABLES WHERE Variable_name IN (" + "?,".repeat(SOURCE_VARIABLES.size() - 1) + "?)";
            try (PreparedStatement ps = source().prepareStatement(sql)) {
                for (int i = 0; i < SOURCE_VARIABLES.size(); i++) {
                    ps.setString(i + 1, SOURCE_VARIABLES.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1).toLowerCase(Locale.ROOT), rs.getString(2));
                    }
                }
            }
            sourceVariables = out;
        }
        return sourceVariables;
    }

    /** The task's selection, resolved against the source. */
    public SelectedObjects objects() throws SQLException {
        if (objects == null && objectsError == null) {
            try {
                objects = SelectionReader.read(source(), spec);
            } catch (SQLException e) {
                objectsError = e;
            }
        }
        if (objectsError != null) {
            throw objectsError;
        }
        return objects;
    }

    /** Scrubs both passwords from text that came back from a driver. */
    public String safe(String message) {
        return Secrets.scrub(message, sourcePassword.password(), destinationPassword.password());
    }

    static Connection openSource(Endpoint e, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", e.getUser());
        p.setProperty("password", password);
        // connectTimeout also bounds the handshake, so a server that accepts and never answers fails too
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS * 1000));
        p.setProperty("socketTimeout", Integer.toString(QUERY_TIMEOUT_SECONDS * 1000));
        return DatabaseConnections.mariadb(e, "source", p);
    }

    static Connection openDestination(Endpoint e, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", e.getUser());
        p.setProperty("password", password);
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        // connectTimeout covers the TCP connect only; loginTimeout the SSL negotiation and authentication after it
        p.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        p.setProperty("socketTimeout", Integer.toString(QUERY_TIMEOUT_SECONDS));
        p.setProperty("ApplicationName", "sluice-precheck");
        return DatabaseConnections.postgresql(e, "destination", p);
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

    /** passwordEnv may name a variable this service's environment lacks: that is a connection problem, not a crash. */
    private record PasswordOrProblem(String password, String problem) {

        static PasswordOrProblem of(Endpoint e) {
            try {
                return new PasswordOrProblem(Secrets.password(e), null);
            } catch (IllegalStateException ex) {
                return new PasswordOrProblem(null, ex.getMessage());
            }
        }

        String require() throws SQLException {
            if (problem != null) {
                throw new SQLException(problem + " where precheck-service runs", NO_PASSWORD_STATE);
            }
            return password;
        }
    }
}
