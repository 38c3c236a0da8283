package dev.sluice.precheck.checks;

import dev.sluice.model.tls.TlsFileException;
import dev.sluice.v1.Endpoint;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A failed connection explained as a TLS problem, when it is one: a tls file that cannot be read, a server
 * certificate the CA did not sign, a certificate issued for another host, a server without TLS. Each names
 * the task file field to change, because the drivers' own words (PKIX path building failed) do not.
 */
record TlsProblem(String reason, String fix) {

    /** @return the problem, or null when the failure has nothing to do with TLS */
    static TlsProblem of(SQLException error, Endpoint e, String side) {
        String field = side + ".tls";
        String all = messages(error);
        if (error instanceof TlsFileException) {
            return new TlsProblem(error.getMessage(), "make the file readable by precheck-service, capture-service and apply-service "
                    + "at that path (on Kubernetes: mount the Secret holding it there), or fix the path in the task file");
        }
        if (hasCause(error, CertPathBuilderException.class) || hasCause(error, CertPathValidatorException.class)
                || all.contains("pkix path") || all.contains("unable to find valid certification path")) {
            return new TlsProblem("the server's certificate is not signed by the CA in " + field + ".ca (certificate check failed)",
                    "give in " + field + ".ca the PEM file of the CA that issued the server's certificate (ask the database's "
                    + "administrator for it)");
        }
        if (all.contains("hostname") || all.contains("host name") || all.contains("no subject alternative")
                || all.contains("doesn't correspond") || all.contains("does not match") || all.contains("not found in certificate")
                || all.contains("identity")) {
            return new TlsProblem("the server's certificate is not issued for " + side + ".host " + e.getHost()
                    + " (certificate host name check failed)",
                    "set " + side + ".host to a name (or IP address) the server's certificate is issued for, or have the certificate "
                    + "reissued for " + e.getHost());
        }
        if (all.contains("ssl not enabled") || all.contains("does not support ssl") || all.contains("server does not support")) {
            return new TlsProblem("the server does not offer TLS, and " + field + ".mode requires it",
                    "enable TLS on the server, or set " + field + ".mode: disabled if the network is trusted");
        }
        if (hasCause(error, CertificateException.class)) {
            return new TlsProblem("the server's certificate was rejected", "check " + field + ".ca and " + field + ".mode");
        }
        return null;
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            sb.append(c.getMessage()).append('\n');
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }
}
