package dev.sluice.cli;

import io.grpc.StatusRuntimeException;
import javax.net.ssl.SSLException;

/**
 * Names a TLS problem in one line instead of the generic "cannot reach": a TLS client meets a plaintext server or a
 * certificate it does not trust, or a plaintext client meets a TLS server (which just closes the connection).
 */
final class TlsMismatch {

    private TlsMismatch() {
    }

    /** The message for this failure, or null when it does not look like a TLS problem. */
    static String describe(StatusRuntimeException e, boolean usingTls) {
        if (usingTls) {
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof SSLException || t.getClass().getSimpleName().equals("NotSslRecordException")) {
                    return "TLS handshake failed (the server does not speak TLS, or its certificate is not signed by the --tls-ca CA"
                            + " or not for this host name): " + firstLine(t.getMessage());
                }
            }
            return null;
        }
        String d = e.getStatus().getDescription();
        if (d != null && d.contains("Network closed for unknown reason")) {
            return "the server closed the plaintext connection; if it uses TLS, give its CA with --tls-ca, $SLUICE_TLS_CA or tlsCa: in the config file";
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "no reason given";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
