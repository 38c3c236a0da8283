package dev.sluice.model.tls;

import dev.sluice.v1.TlsSettings;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Key and trust material of one endpoint's tls settings, for connections whose TLS we set up ourselves (the
 * binlog client); the JDBC drivers get the same files through {@link JdbcTls}.
 */
public final class TlsMaterial {

    private TlsMaterial() {
    }

    /**
     * An SSLContext that trusts the CA of {@code tls.ca} (verify-ca, verify-full) or any server (required), and
     * presents the client certificate when one is configured. Host names are checked by the caller's socket
     * (endpoint identification), as only the caller knows the host it connected to.
     *
     * @param field the task file field of the settings, e.g. source.tls
     */
    public static SSLContext sslContext(TlsSettings tls, String field) throws TlsFileException {
        TlsMode mode = TlsMode.of(tls.getMode());
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers(tls, field), mode.verifiesCertificate() ? trustManagers(tls, field) : new TrustManager[] {new AnyServer()},
                    null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new TlsFileException(field + ": cannot set up TLS (" + e.getMessage() + ")", e);
        }
    }

    /**
     * A PKCS#12 key store holding the client key with its certificate chain under the alias "user": the
     * PostgreSQL driver reads a .p12 sslkey under that alias only (and presents no certificate otherwise).
     */
    static KeyStore clientKeyStore(TlsSettings tls, String field, char[] password) throws TlsFileException {
        PrivateKey key = PemFiles.privateKey(tls.getKey(), field + ".key");
        List<X509Certificate> chain = PemFiles.certificates(tls.getCert(), field + ".cert");
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("user", key, password, chain.toArray(new X509Certificate[0]));
            return ks;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new TlsFileException(field + ".key: the key does not fit the certificate in " + field + ".cert (" + e.getMessage() + ")", e);
        }
    }

    private static KeyManager[] keyManagers(TlsSettings tls, String field) throws GeneralSecurityException, TlsFileException {
        if (tls.getCert().isBlank()) {
            return null;
        }
        char[] password = new char[0];
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(clientKeyStore(tls, field, password), password);
        return kmf.getKeyManagers();
    }

    private static TrustManager[] trustManagers(TlsSettings tls, String field) throws GeneralSecurityException, TlsFileException {
        List<X509Certificate> cas = PemFiles.certificates(tls.getCa(), field + ".ca");
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException(e);
        }
        for (int i = 0; i < cas.size(); i++) {
            ks.setCertificateEntry("ca-" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /** tls.mode: required — encrypted, any certificate accepted (that is what the mode promises, no more). */
    private static final class AnyServer implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
