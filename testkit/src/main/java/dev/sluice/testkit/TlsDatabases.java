package dev.sluice.testkit;

import java.nio.file.Path;
import java.util.Map;

/**
 * A MariaDB and a PostgreSQL of their own that offer TLS with freshly made {@link TestCertificates}
 * (deploy/local/db.sh with SLUICE_DB_TLS_DIR). Their ports are the shared pair's plus 10010, so that a
 * checkout with other SLUICE_MARIADB_PORT/SLUICE_PG_PORT gets other TLS ports too. TLS is offered, not
 * required: tests arrange and compare data over plain connections, and require TLS per account.
 */
public final class TlsDatabases implements AutoCloseable {

    static final int PORT_SHIFT = 10010;

    private final TestCertificates certificates;
    private final LocalDatabases db;
    private final Map<String, String> settings;

    private TlsDatabases(TestCertificates certificates, LocalDatabases db, Map<String, String> settings) {
        this.certificates = certificates;
        this.db = db;
        this.settings = settings;
    }

    /** @param certificateDir an empty folder for the certificates (a test's temporary folder) */
    public static TlsDatabases start(Path certificateDir) {
        TestCertificates certs = TestCertificates.create(certificateDir);
        int mariaPort = envPort("SLUICE_MARIADB_PORT", 13306) + PORT_SHIFT;
        int pgPort = envPort("SLUICE_PG_PORT", 15432) + PORT_SHIFT;
        Map<String, String> settings = Map.of("SLUICE_MARIADB_PORT", Integer.toString(mariaPort), "SLUICE_PG_PORT",
                Integer.toString(pgPort), "SLUICE_DATA_DIR", "/tmp/sluice-tls-" + mariaPort, "SLUICE_DB_TLS_DIR",
                certs.dir().toAbsolutePath().toString());
        // A pair left running by an earlier, interrupted run holds that run's certificates: db.sh would refuse it.
        LocalDatabases.run(RepoRoot.find(), settings, "stop");
        return new TlsDatabases(certs, LocalDatabases.startWith(settings), settings);
    }

    public TestCertificates certificates() {
        return certificates;
    }

    public LocalDatabases db() {
        return db;
    }

    /** The db.sh environment of this pair. */
    Map<String, String> settings() {
        return settings;
    }

    @Override
    public void close() {
        db.stop();
    }

    private static int envPort(String name, int fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : Integer.parseInt(v.trim());
    }
}
