package dev.sluice.precheck.checks;

import dev.sluice.model.tls.TlsMode;
import dev.sluice.v1.Endpoint;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What the server says about the encryption of our session, so that the precheck shows whether TLS was
 * really negotiated (and with what) instead of trusting the settings.
 */
final class TlsReport {

    private TlsReport() {
    }

    /** @return e.g. "TLSv1.3, TLS_AES_256_GCM_SHA384", or null when the session is not encrypted */
    static String negotiated(Connection c, boolean mariadb) throws SQLException {
        try (Statement st = c.createStatement()) {
            if (mariadb) {
                String version = null;
                String cipher = null;
                try (ResultSet rs = st.executeQuery("SHOW SESSION STATUS WHERE Variable_name IN ('Ssl_version', 'Ssl_cipher')")) {
                    while (rs.next()) {
                        if (rs.getString(1).equalsIgnoreCase("Ssl_version")) {
                            version = rs.getString(2);
                        } else {
                            cipher = rs.getString(2);
                        }
                    }
                }
                return version == null || version.isBlank() ? null : version + ", " + cipher;
            }
            try (ResultSet rs = st.executeQuery("SELECT ssl, version, cipher FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                return rs.next() && rs.getBoolean(1) ? rs.getString(2) + ", " + rs.getString(3) : null;
            }
        }
    }

    /** What the mode checked about the server, in words, for a connection that succeeded. */
    static String checked(Endpoint e, String side) {
        return switch (TlsMode.of(e.getTls().getMode())) {
            case DISABLED -> "not encrypted (" + side + ".tls.mode: disabled)";
            case REQUIRED -> "server certificate not checked (" + side + ".tls.mode: required)";
            case VERIFY_CA -> "server certificate signed by the CA in " + side + ".tls.ca (verify-ca)";
            case VERIFY_FULL -> "server certificate signed by the CA in " + side + ".tls.ca and issued for " + e.getHost() + " (verify-full)";
        };
    }
}
