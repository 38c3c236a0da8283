package dev.sluice.model.tls;

import dev.sluice.v1.TlsSettings;
import java.util.Properties;

/**
 * Connection properties that make the JDBC drivers honour an endpoint's tls settings. Both drivers check the
 * host name themselves in verify-full (IP addresses against the certificate's IP entries).
 */
public final class JdbcTls {

    private JdbcTls() {
    }

    /** MariaDB Connector/J 3: sslMode, serverSslCert (the CA), keyStore (the client certificate). */
    public static void mariadb(TlsSettings tls, String field, Properties p) throws TlsFileException {
        TlsMode mode = TlsMode.of(tls.getMode());
        p.setProperty("sslMode", switch (mode) {
            case DISABLED -> "disable";
            case REQUIRED -> "trust";
            case VERIFY_CA -> "verify-ca";
            case VERIFY_FULL -> "verify-full";
        });
        if (mode.verifiesCertificate()) {
            p.setProperty("serverSslCert", readableCa(tls, field));
            // Only the given CA: a certificate from a public CA the JVM trusts must not pass instead.
            p.setProperty("fallbackToSystemTrustStore", "false");
        }
        if (mode.encrypted() && !tls.getCert().isBlank()) {
            ClientKeyStoreFiles.StoreFile store = ClientKeyStoreFiles.of(tls, field);
            p.setProperty("keyStore", store.path().toString());
            p.setProperty("keyStorePassword", store.password());
            p.setProperty("keyStoreType", "PKCS12");
            p.setProperty("fallbackToSystemKeyStore", "false");
        }
    }

    /** PostgreSQL JDBC: sslmode, sslrootcert (the CA), sslkey as PKCS#12 (the client certificate). */
    public static void postgresql(TlsSettings tls, String field, Properties p) throws TlsFileException {
        TlsMode mode = TlsMode.of(tls.getMode());
        // Explicit, also for disabled: the driver's own default is "prefer", which would silently encrypt or not.
        p.setProperty("sslmode", switch (mode) {
            case DISABLED -> "disable";
            case REQUIRED -> "require";
            case VERIFY_CA -> "verify-ca";
            case VERIFY_FULL -> "verify-full";
        });
        if (mode.verifiesCertificate()) {
            p.setProperty("sslrootcert", readableCa(tls, field));
        }
        if (mode.encrypted() && !tls.getCert().isBlank()) {
            ClientKeyStoreFiles.StoreFile store = ClientKeyStoreFiles.of(tls, field);
            p.setProperty("sslkey", store.path().toString()); // a .p12 sslkey holds the certificate too
            p.setProperty("sslpassword", store.password());
        }
    }

    /** Read here first, so a missing or broken file is reported with its field rather than in the driver's words. */
    private static String readableCa(TlsSettings tls, String field) throws TlsFileException {
        PemFiles.certificates(tls.getCa(), field + ".ca");
        return tls.getCa();
    }
}
