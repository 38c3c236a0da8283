package dev.sluice.model.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.v1.TlsSettings;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drivers' TLS properties per mode, and file problems reported with the task file field (real servers: precheck's TlsConnectivityTest). */
class JdbcTlsTest {

    static String ca() throws URISyntaxException {
        return Path.of(JdbcTlsTest.class.getResource("/tls/ca.pem").toURI()).toString();
    }

    static Properties mariadb(TlsSettings.Builder tls) throws TlsFileException {
        Properties p = new Properties();
        JdbcTls.mariadb(tls.build(), "source.tls", p);
        return p;
    }

    static Properties postgresql(TlsSettings.Builder tls) throws TlsFileException {
        Properties p = new Properties();
        JdbcTls.postgresql(tls.build(), "destination.tls", p);
        return p;
    }

    @Test
    void eachModeMapsToTheDriversOwnSetting() throws Exception {
        assertThat(mariadb(TlsSettings.newBuilder())).containsEntry("sslMode", "disable").doesNotContainKey("serverSslCert");
        assertThat(postgresql(TlsSettings.newBuilder())).as("not the driver's default prefer").containsEntry("sslmode", "disable");
        assertThat(mariadb(TlsSettings.newBuilder().setMode("required"))).containsEntry("sslMode", "trust");
        assertThat(postgresql(TlsSettings.newBuilder().setMode("required"))).containsEntry("sslmode", "require")
                .doesNotContainKey("sslrootcert");
        assertThat(mariadb(TlsSettings.newBuilder().setMode("verify-ca").setCa(ca()))).containsEntry("sslMode", "verify-ca")
                .containsEntry("serverSslCert", ca()).containsEntry("fallbackToSystemTrustStore", "false");
        assertThat(postgresql(TlsSettings.newBuilder().setMode("verify-full").setCa(ca()))).containsEntry("sslmode", "verify-full")
                .containsEntry("sslrootcert", ca());
    }

    @Test
    void unreadableOrWrongFilesNameTheField(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> mariadb(TlsSettings.newBuilder().setMode("verify-full").setCa(dir.resolve("missing.pem").toString())))
                .isInstanceOf(TlsFileException.class)
                .hasMessage("source.tls.ca: cannot read " + dir.resolve("missing.pem") + " where this service runs (NoSuchFileException)");
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");
        assertThatThrownBy(() -> postgresql(TlsSettings.newBuilder().setMode("verify-ca").setCa(notPem.toString())))
                .hasMessageStartingWith("destination.tls.ca: " + notPem + " is not a PEM certificate file");
    }

    @Test
    void keysSluiceCannotUseAreExplained(@TempDir Path dir) throws Exception {
        Path encrypted = Files.writeString(dir.resolve("enc.pem"), "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(encrypted.toString(), "source.tls.key"))
                .hasMessageContaining("source.tls.key: the key in " + encrypted + " is encrypted");
        Path sec1 = Files.writeString(dir.resolve("ec.pem"), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n");
        assertThatThrownBy(() -> PemFiles.privateKey(sec1.toString(), "source.tls.key")).hasMessageContaining("openssl pkcs8 -topk8 -nocrypt");
        Path cert = Path.of(ca());
        assertThatThrownBy(() -> PemFiles.privateKey(cert.toString(), "source.tls.key")).hasMessageContaining("holds no PEM private key");
    }

    @Test
    void pkcs8AndPkcs1RsaKeysAreRead(@TempDir Path dir) throws Exception {
        var pair = KeyPairGenerator.getInstance("RSA").generateKeyPair();
        byte[] pkcs8 = pair.getPrivate().getEncoded();
        Path p8 = Files.writeString(dir.resolve("k8.pem"), pem("PRIVATE KEY", pkcs8));
        assertThat(PemFiles.privateKey(p8.toString(), "k").getEncoded()).isEqualTo(pkcs8);
        // The JDK's PKCS#8 of an RSA key is exactly the wrapping of its PKCS#1 form: unwrap the OCTET STRING at its end.
        byte[] pkcs1 = lastOctetString(pkcs8);
        assertThat(PemFiles.wrapPkcs1(pkcs1)).isEqualTo(pkcs8);
        Path p1 = Files.writeString(dir.resolve("k1.pem"), pem("RSA PRIVATE KEY", pkcs1));
        assertThat(PemFiles.privateKey(p1.toString(), "k").getEncoded()).isEqualTo(pkcs8);
    }

    static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    /** PrivateKeyInfo = SEQUENCE { INTEGER 0 (3 bytes), AlgorithmIdentifier (15 bytes), OCTET STRING }. */
    static byte[] lastOctetString(byte[] der) {
        int i = headerLength(der, 0) + 3 + 15;
        int header = headerLength(der, i);
        return java.util.Arrays.copyOfRange(der, i + header, der.length);
    }

    static int headerLength(byte[] der, int at) {
        int first = der[at + 1] & 0xff;
        return first < 0x80 ? 2 : 2 + (first & 0x7f);
    }
}
