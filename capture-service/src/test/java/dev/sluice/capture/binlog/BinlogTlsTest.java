package dev.sluice.capture.binlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.testkit.TlsDatabases;
import dev.sluice.v1.Endpoint;
import dev.sluice.v1.TlsSettings;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The binlog connection honours the source's tls settings like the JDBC ones: against a MariaDB whose
 * certificate is issued for 127.0.0.1 only, and accounts that may log in only with TLS (REQUIRE SSL) or
 * only with a client certificate from the test CA (REQUIRE X509).
 */
class BinlogTlsTest {

    static final String TLS_USER = "sluice_binlog_tls";
    static final String X509_USER = "sluice_binlog_x509";
    static final String PASSWORD = "Binlog-Tls-pw-7x";

    @TempDir
    static Path certs;
    static TlsDatabases tls;

    @BeforeAll
    static void start() throws Exception {
        tls = TlsDatabases.start(certs);
        try (Connection c = tls.db().mariaRoot(); Statement st = c.createStatement()) {
            for (String[] user : new String[][] {{TLS_USER, "SSL"}, {X509_USER, "X509"}}) {
                st.execute("CREATE OR REPLACE USER '" + user[0] + "'@'%' IDENTIFIED BY '" + PASSWORD + "' REQUIRE " + user[1]);
                st.execute("GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + user[0] + "'@'%'");
            }
        }
    }

    @AfterAll
    static void stop() {
        if (tls != null) {
            tls.close();
        }
    }

    static Endpoint source(String host, String user, TlsSettings.Builder settings) {
        LocalDatabases db = tls.db();
        return Endpoint.newBuilder().setHost(host).setPort(db.mariaPort()).setUser(user).setPassword(PASSWORD).setTls(settings).build();
    }

    static void connectAndDisconnect(Endpoint source) throws Exception {
        BinaryLogClient client = new BinaryLogClient(source.getHost(), source.getPort(), source.getUser(), source.getPassword());
        client.setServerId(0x40000000L + (System.nanoTime() & 0xFFFFF));
        client.setKeepAlive(false);
        BinlogTls.apply(client, source);
        try {
            BinlogReader.connect(client, source);
            assertThat(client.isConnected()).isTrue();
        } finally {
            client.disconnect();
        }
    }

    TlsSettings.Builder verifyFull() {
        return TlsSettings.newBuilder().setMode("verify-full").setCa(tls.certificates().ca().toString());
    }

    @Test
    void verifyFullConnectsOverTls() throws Exception {
        connectAndDisconnect(source("127.0.0.1", TLS_USER, verifyFull()));
        connectAndDisconnect(source("127.0.0.1", TLS_USER, TlsSettings.newBuilder().setMode("required")));
    }

    @Test
    void withoutTlsTheRequireSslAccountIsRefused() {
        assertThatThrownBy(() -> connectAndDisconnect(source("127.0.0.1", TLS_USER, TlsSettings.newBuilder())))
                .hasMessageContaining("Access denied");
    }

    @Test
    void verifyFullRefusesAHostTheCertificateIsNotIssuedFor() {
        assertThatThrownBy(() -> connectAndDisconnect(source("localhost", TLS_USER, verifyFull())))
                .hasMessageContaining("TLS on the binlog connection to localhost:")
                .hasMessageContaining("check source.tls and source.host")
                .hasStackTraceContaining("No name matching localhost found");
        // verify-ca checks the CA only, as on the JDBC connections
        org.assertj.core.api.Assertions.assertThatCode(() -> connectAndDisconnect(source("localhost", TLS_USER,
                verifyFull().setMode("verify-ca")))).doesNotThrowAnyException();
    }

    @Test
    void verifyCaRefusesAServerCertificateFromAnotherCa() {
        TlsSettings.Builder wrong = TlsSettings.newBuilder().setMode("verify-ca").setCa(tls.certificates().wrongCa().toString());
        assertThatThrownBy(() -> connectAndDisconnect(source("127.0.0.1", TLS_USER, wrong)))
                .hasMessageContaining("source.tls.mode verify-ca")
                .hasStackTraceContaining("PKIX path");
    }

    @Test
    void aClientCertificateIsPresentedInEitherKeyForm() throws Exception {
        var c = tls.certificates();
        connectAndDisconnect(source("127.0.0.1", X509_USER, verifyFull().setCert(c.clientCert().toString()).setKey(c.clientKey().toString())));
        connectAndDisconnect(source("127.0.0.1", X509_USER, verifyFull().setCert(c.clientCert().toString())
                .setKey(c.clientKeyPkcs1().toString())));
        assertThatThrownBy(() -> connectAndDisconnect(source("127.0.0.1", X509_USER, verifyFull()))).hasMessageContaining("Access denied");
    }
}
