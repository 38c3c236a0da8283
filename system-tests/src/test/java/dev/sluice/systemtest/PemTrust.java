package dev.sluice.systemtest;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** An SSLContext trusting only the PEM CA file, for the health checks of a stack that serves TLS. */
final class PemTrust {

    private PemTrust() {
    }

    static SSLContext context(Path caPem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("ca" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    /** Whether these service settings switch TLS on (the config profile "tls"). */
    static boolean on(java.util.Map<String, String> env) {
        String profile = env.get("QUARKUS_PROFILE");
        return profile != null && java.util.Arrays.asList(profile.split(",")).contains("tls");
    }
}
