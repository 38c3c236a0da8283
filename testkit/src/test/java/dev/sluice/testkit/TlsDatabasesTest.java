package dev.sluice.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** db.sh with SLUICE_DB_TLS_DIR: both servers offer TLS with the given certificates, and still accept plain clients. */
class TlsDatabasesTest {

    @TempDir
    static Path certs;
    static TlsDatabases tls;

    @BeforeAll
    static void start() {
        tls = TlsDatabases.start(certs);
    }

    @AfterAll
    static void stop() {
        if (tls != null) {
            tls.close();
        }
    }

    @Test
    void mariadbOffersTlsWithTheTestCaAndStillAcceptsPlainClients() throws Exception {
        LocalDatabases db = tls.db();
        String verified = db.mariaUrl() + "?sslMode=verify-full&serverSslCert=" + tls.certificates().ca();
        try (Connection c = DriverManager.getConnection(verified, db.mariaUser(), db.mariaPassword());
             ResultSet rs = c.createStatement().executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).startsWith("TLSv1");
        }
        try (Connection c = db.maria(); ResultSet rs = c.createStatement().executeQuery("SHOW SESSION STATUS LIKE 'Ssl_version'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(2)).isEmpty();
        }
        String wrongCa = db.mariaUrl() + "?sslMode=verify-ca&serverSslCert=" + tls.certificates().wrongCa();
        assertThatThrownBy(() -> DriverManager.getConnection(wrongCa, db.mariaUser(), db.mariaPassword()).close())
                .hasStackTraceContaining("certificat");
    }

    /** A test that made new certificates must not silently get a server still holding old ones. */
    @Test
    void startRefusesARunningServerWithOtherCertificates(@TempDir Path other) throws Exception {
        TestCertificates newer = TestCertificates.create(other);
        Map<String, String> settings = new HashMap<>(tls.settings());
        settings.put("SLUICE_DB_TLS_DIR", newer.dir().toString());
        assertThatThrownBy(() -> LocalDatabases.run(tls.db().repoRoot(), settings, "start"))
                .hasMessageContaining("is running without the certificates of SLUICE_DB_TLS_DIR=" + newer.dir())
                .hasMessageContaining("stop");
        // the same certificates again: idempotent
        LocalDatabases.run(tls.db().repoRoot(), tls.settings(), "start");
    }

    @Test
    void postgresqlOffersTlsWithTheTestCaAndStillAcceptsPlainClients() throws Exception {
        LocalDatabases db = tls.db();
        String sql = "select ssl from pg_stat_ssl where pid = pg_backend_pid()";
        String verified = db.pgUrl("postgres") + "?sslmode=verify-full&sslrootcert=" + tls.certificates().ca();
        try (Connection c = DriverManager.getConnection(verified, db.pgUser(), db.pgPassword());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isTrue();
        }
        try (Connection c = DriverManager.getConnection(db.pgUrl("postgres") + "?sslmode=disable", db.pgUser(), db.pgPassword());
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getBoolean(1)).isFalse();
        }
    }
}
