package dev.sluice.precheck.checks;

import static dev.sluice.precheck.checks.Specs.whole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.testkit.LocalDatabases;
import dev.sluice.testkit.TlsDatabases;
import dev.sluice.v1.CheckResult;
import dev.sluice.v1.CheckStatus;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.TlsSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connectivity checks against servers with TLS (certificate for 127.0.0.1 only): they report the
 * negotiated TLS, and a wrong CA, a wrong host name or a missing file fail naming the field to fix.
 */
class TlsConnectivityTest {

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

    static TlsSettings.Builder settings(String mode, Path ca) {
        return TlsSettings.newBuilder().setMode(mode).setCa(ca == null ? "" : ca.toString());
    }

    static TaskSpec spec(String host, TlsSettings.Builder sourceTls, TlsSettings.Builder destinationTls) {
        LocalDatabases db = tls.db();
        return Specs.spec(whole("mysql"))
                .setSource(Endpoint.newBuilder().setHost(host).setPort(db.mariaPort()).setUser(db.mariaUser()).setPassword(db.mariaPassword())
                        .setTls(sourceTls))
                .setDestination(Endpoint.newBuilder().setHost(host).setPort(db.pgPort()).setDatabase("target").setUser(db.pgUser())
                        .setPassword(db.pgPassword()).setTls(destinationTls))
                .build();
    }

    static CheckResult source(TaskSpec spec) {
        return Specs.run(ConnectivityCheck.source(), spec);
    }

    static CheckResult destination(TaskSpec spec) {
        return Specs.run(ConnectivityCheck.destination(), spec);
    }

    @Test
    void verifyFullReportsTheNegotiatedTls() {
        Path ca = tls.certificates().ca();
        TaskSpec spec = spec("127.0.0.1", settings("verify-full", ca), settings("verify-full", ca));
        CheckResult src = source(spec);
        assertThat(src.getStatus()).as(src.getDetails()).isEqualTo(CheckStatus.PASSED);
        assertThat(src.getDetails()).contains("; TLS TLSv1.", "issued for 127.0.0.1 (verify-full)");
        CheckResult dst = destination(spec);
        assertThat(dst.getStatus()).as(dst.getDetails()).isEqualTo(CheckStatus.PASSED);
        assertThat(dst.getDetails()).contains("; TLS TLSv1.", "destination.tls.ca and issued for 127.0.0.1 (verify-full)");
    }

    @Test
    void requiredAndDisabledSayWhatTheyChecked() {
        TaskSpec spec = spec("127.0.0.1", settings("required", null), settings("disabled", null));
        assertThat(source(spec).getDetails()).contains("; TLS TLSv1.", "server certificate not checked (source.tls.mode: required)");
        assertThat(destination(spec).getDetails()).endsWith("; not encrypted (destination.tls.mode: disabled)");
    }

    @Test
    void aWrongCaFailsNamingTheField() {
        Path wrong = tls.certificates().wrongCa();
        TaskSpec spec = spec("127.0.0.1", settings("verify-ca", wrong), settings("verify-ca", wrong));
        for (String side : new String[] {"source", "destination"}) {
            CheckResult r = side.equals("source") ? source(spec) : destination(spec);
            assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
            assertThat(r.getDetails()).as(side).contains("the server's certificate is not signed by the CA in " + side + ".tls.ca",
                    "(" + side + ".tls: the TLS connection to 127.0.0.1:");
            assertThat(r.getFix()).as(side).contains(side + ".tls.ca");
        }
    }

    /** The certificate is issued for 127.0.0.1 only: "localhost" reaches the same server under a name it does not carry. */
    @Test
    void aWrongHostNameFailsVerifyFullButPassesVerifyCa() {
        Path ca = tls.certificates().ca();
        TaskSpec full = spec("localhost", settings("verify-full", ca), settings("verify-full", ca));
        for (String side : new String[] {"source", "destination"}) {
            CheckResult r = side.equals("source") ? source(full) : destination(full);
            assertThat(r.getStatus()).isEqualTo(CheckStatus.FAILED);
            assertThat(r.getDetails()).as(side).contains("the server's certificate is not issued for " + side + ".host localhost");
            assertThat(r.getFix()).as(side).contains(side + ".host");
        }
        TaskSpec caOnly = spec("localhost", settings("verify-ca", ca), settings("verify-ca", ca));
        assertThat(source(caOnly).getStatus()).as(source(caOnly).getDetails()).isEqualTo(CheckStatus.PASSED);
        assertThat(destination(caOnly).getStatus()).as(destination(caOnly).getDetails()).isEqualTo(CheckStatus.PASSED);
    }

    /** MariaDB: an account that needs a client certificate (REQUIRE X509); PostgreSQL: the certificate it saw (client_dn). */
    @Test
    void aClientCertificateIsPresentedOnBothSides() throws Exception {
        try (var c = tls.db().mariaRoot(); var st = c.createStatement()) {
            st.execute("CREATE OR REPLACE USER 'sluice_pc_x509'@'%' IDENTIFIED BY 'X509-pw-3k' REQUIRE X509");
        }
        var certs = tls.certificates();
        TlsSettings.Builder withCert = settings("verify-full", certs.ca()).setCert(certs.clientCert().toString())
                .setKey(certs.clientKey().toString());
        TaskSpec spec = spec("127.0.0.1", withCert, withCert);
        TaskSpec x509 = spec.toBuilder().setSource(spec.getSource().toBuilder().setUser("sluice_pc_x509").setPassword("X509-pw-3k")).build();
        CheckResult src = source(x509);
        assertThat(src.getStatus()).as(src.getDetails()).isEqualTo(CheckStatus.PASSED);
        TaskSpec noCert = x509.toBuilder().setSource(x509.getSource().toBuilder().setTls(settings("verify-full", certs.ca()))).build();
        assertThat(source(noCert).getDetails()).contains("the user name or password is wrong");

        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", spec.getDestination().getUser());
        p.setProperty("password", spec.getDestination().getPassword());
        try (var c = dev.sluice.model.tls.DatabaseConnections.postgresql(spec.getDestination(), "destination", p);
             var rs = c.createStatement().executeQuery("SELECT client_dn FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("/CN=sluice-client");
        }
    }

    /** The shared local servers run without TLS. */
    @Test
    void aServerWithoutTlsFailsModeRequired() {
        TaskSpec spec = Specs.spec(whole("mysql"))
                .setSource(Specs.source().toBuilder().setTls(settings("required", null)))
                .setDestination(Specs.destination("target").toBuilder().setTls(settings("required", null)))
                .build();
        for (String side : new String[] {"source", "destination"}) {
            CheckResult r = side.equals("source") ? source(spec) : destination(spec);
            assertThat(r.getStatus()).as(side).isEqualTo(CheckStatus.FAILED);
            assertThat(r.getDetails()).as(side).contains("the server does not offer TLS, and " + side + ".tls.mode requires it");
            assertThat(r.getFix()).as(side).contains("enable TLS on the server");
        }
    }

    @Test
    void aMissingCaFileNamesTheFieldAndWhereItIsRead() {
        Path missing = certs.resolve("no-such-ca.pem");
        TaskSpec spec = spec("127.0.0.1", settings("verify-full", missing), settings("verify-full", missing));
        CheckResult src = source(spec);
        assertThat(src.getStatus()).isEqualTo(CheckStatus.FAILED);
        assertThat(src.getDetails()).contains("source.tls.ca: cannot read " + missing + " where this service runs");
        assertThat(src.getFix()).contains("Secret");
        assertThat(destination(spec).getDetails()).contains("destination.tls.ca: cannot read " + missing);
    }
}
