package dev.sluice.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Throwaway TLS material for tests, made with the openssl command: a CA, a server certificate it signed for
 * the IP address 127.0.0.1 only (so "localhost" is a wrong host name for it), a client certificate from
 * the same CA, and a second, unrelated CA that signed nothing. The file names are the ones
 * deploy/local/db.sh's SLUICE_DB_TLS_DIR expects. Without openssl the test fails loudly.
 */
public final class TestCertificates {

    private final Path dir;

    private TestCertificates(Path dir) {
        this.dir = dir;
    }

    public static TestCertificates create(Path dir) {
        try {
            Files.createDirectories(dir);
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2",
                    "-subj", "/CN=Sluice Test CA");
            openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "wrong-ca-key.pem", "-out", "wrong-ca.pem", "-days",
                    "2", "-subj", "/CN=Sluice Wrong CA");
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server-key.pem", "-out", "server.csr", "-subj",
                    "/CN=sluice-test-server");
            Files.writeString(dir.resolve("server-ext.cnf"), """
                    subjectAltName=IP:127.0.0.1
                    basicConstraints=CA:FALSE
                    keyUsage=digitalSignature,keyEncipherment
                    extendedKeyUsage=serverAuth
                    """);
            openssl(dir, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out",
                    "server-cert.pem", "-days", "2", "-extfile", "server-ext.cnf");
            // A client certificate (CN=sluice-client) from the same CA; its key also in PKCS#1 ("RSA PRIVATE KEY") form.
            openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client-key.pem", "-out", "client.csr", "-subj",
                    "/CN=sluice-client");
            Files.writeString(dir.resolve("client-ext.cnf"), """
                    basicConstraints=CA:FALSE
                    keyUsage=digitalSignature,keyEncipherment
                    extendedKeyUsage=clientAuth
                    """);
            openssl(dir, "x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial", "-out",
                    "client-cert.pem", "-days", "2", "-extfile", "client-ext.cnf");
            openssl(dir, "rsa", "-in", "client-key.pem", "-traditional", "-out", "client-key-pkcs1.pem");
            return new TestCertificates(dir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write test certificates to " + dir + ": " + e.getMessage(), e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The CA that signed the servers' certificate. */
    public Path ca() {
        return dir.resolve("ca.pem");
    }

    /** A CA that signed nothing the servers use. */
    public Path wrongCa() {
        return dir.resolve("wrong-ca.pem");
    }

    /** A client certificate (subject CN=sluice-client) signed by {@link #ca()}. */
    public Path clientCert() {
        return dir.resolve("client-cert.pem");
    }

    /** Its key, PKCS#8 PEM ("PRIVATE KEY"). */
    public Path clientKey() {
        return dir.resolve("client-key.pem");
    }

    /** The same key, PKCS#1 PEM ("RSA PRIVATE KEY"), the form older tools write. */
    public Path clientKeyPkcs1() {
        return dir.resolve("client-key-pkcs1.pem");
    }

    private static void openssl(Path dir, String... args) {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", cmd) + " failed:\n" + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run openssl (install it: apt-get install openssl): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
