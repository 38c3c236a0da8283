package dev.sluice.precheck.checks;

import dev.sluice.model.tls.TlsMode;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.Endpoint;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import javax.net.ssl.SSLException;

/** Can we log in at all? Says why not in plain words (refused, unknown host, bad password, timeout, TLS). */
public final class ConnectivityCheck implements Check {

    private static final String TLS_FAILED = "the TLS (SSL) negotiation failed (the server refused it, or something in between "
            + "is not a database server)";

    private final boolean source;

    private ConnectivityCheck(boolean source) {
        this.source = source;
    }

    public static ConnectivityCheck source() {
        return new ConnectivityCheck(true);
    }

    public static ConnectivityCheck destination() {
        return new ConnectivityCheck(false);
    }

    @Override
    public String id() {
        return source ? "source.connectivity" : "destination.connectivity";
    }

    @Override
    public String title() {
        return source ? "Connect to the source MariaDB" : "Connect to the destination PostgreSQL";
    }

    @Override
    public CheckResult run(CheckContext ctx) {
        Endpoint e = source ? ctx.spec().getSource() : ctx.spec().getDestination();
        SQLException error = source ? ctx.sourceError() : ctx.destinationError();
        String where = e.getUser() + "@" + e.getHost() + ":" + e.getPort();
        if (error == null) {
            return connected(ctx, e, where);
        }
        String side = source ? "source" : "destination";
        TlsProblem tls = TlsProblem.of(error, e, side);
        if (tls != null) {
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails("cannot connect as " + where + ": " + tls.reason() + " (" + ctx.safe(error.getMessage()) + ")")
                    .setFix(tls.fix())
                    .build();
        }
        return result().setStatus(CheckStatus.FAILED)
                .setDetails("cannot connect as " + where + ": " + plainReason(error) + " (" + ctx.safe(error.getMessage()) + ")")
                .setFix(fix(error, source))
                .build();
    }

    /** Connected: says whether the session is encrypted, as the server sees it, and what the tls mode checked. */
    private CheckResult connected(CheckContext ctx, Endpoint e, String where) {
        String side = source ? "source" : "destination";
        if (!TlsMode.of(e.getTls().getMode()).encrypted()) {
            // Both drivers are told not to encrypt: nothing to ask the server, and no new query for tasks without tls.
            return result().setStatus(CheckStatus.PASSED).setDetails("connected as " + where + "; " + TlsReport.checked(e, side)).build();
        }
        String negotiated;
        try {
            negotiated = TlsReport.negotiated(source ? ctx.source() : ctx.destination(), source);
        } catch (SQLException ex) {
            return result().setStatus(CheckStatus.WARNING)
                    .setDetails("connected as " + where + ", but cannot tell whether the session is encrypted (" + ctx.safe(ex.getMessage()) + ")")
                    .setFix("nothing required; Sluice reads the session's TLS status to show it here")
                    .build();
        }
        if (negotiated == null) {
            // The drivers refuse this themselves; should one ever not, the user must not believe the link is encrypted.
            return result().setStatus(CheckStatus.FAILED)
                    .setDetails("connected as " + where + ", but the session is not encrypted although " + side + ".tls.mode is "
                            + e.getTls().getMode())
                    .setFix("enable TLS on the server")
                    .build();
        }
        return result().setStatus(CheckStatus.PASSED)
                .setDetails("connected as " + where + "; TLS " + negotiated + ", " + TlsReport.checked(e, side))
                .build();
    }

    static String plainReason(SQLException e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
            if (root instanceof ConnectException) {
                return "connection refused (nothing listens on that port, or a firewall rejects it)";
            }
            if (root instanceof UnknownHostException) {
                return "unknown host";
            }
            if (root instanceof SocketTimeoutException) {
                return "timed out (the host does not answer)";
            }
            if (root instanceof SSLException) {
                return TLS_FAILED;
            }
            if (root instanceof SocketException && String.valueOf(root.getMessage()).contains("reset")) {
                return "the connection was reset (a firewall or proxy in between, or not a database server on that port)";
            }
        }
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        if (state.equals(CheckContext.NO_PASSWORD_STATE)) {
            return "no password to connect with";
        }
        if (String.valueOf(e.getMessage()).contains("pg_hba.conf")) {
            return "the server does not accept this user from Sluice's address (pg_hba.conf)";
        }
        if (e.getErrorCode() == 1045 || state.equals("28P01") || state.equals("28000")) {
            return "the user name or password is wrong";
        }
        if (state.equals("3D000") || e.getErrorCode() == 1049) {
            return "the database does not exist";
        }
        String m = e.getMessage() == null ? "" : e.getMessage().toLowerCase();
        if (m.contains("refused")) {
            return "connection refused (nothing listens on that port, or a firewall rejects it)";
        }
        if (m.contains("timed out") || m.contains("timeout")) {
            return "timed out (the host does not answer)";
        }
        if (m.contains("unknown host") || m.contains("unknownhost")) {
            return "unknown host";
        }
        if (m.contains("ssl") || m.contains("tls")) {
            return TLS_FAILED;
        }
        return "connection failed";
    }

    private static String fix(SQLException e, boolean source) {
        String side = source ? "source" : "destination";
        String reason = plainReason(e);
        if (reason.startsWith("no password")) {
            return "give " + side + ".password, or set the variable " + side + ".passwordEnv names in precheck-service's environment";
        }
        if (reason.startsWith("the user name")) {
            return "check " + side + ".user and " + side + ".password (or passwordEnv)";
        }
        if (reason.contains("pg_hba.conf")) {
            return "add a line for Sluice's address, the user and the database to the destination's pg_hba.conf and reload it";
        }
        if (reason.startsWith("the database")) {
            return "create the database or fix " + side + ".database";
        }
        return "check " + side + ".host and " + side + ".port, and that the server accepts connections from Sluice";
    }
}
