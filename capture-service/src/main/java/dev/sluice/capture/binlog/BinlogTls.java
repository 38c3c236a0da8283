package dev.sluice.capture.binlog;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.network.SSLMode;
import dev.sluice.model.tls.TlsFileException;
import dev.sluice.model.tls.TlsMaterial;
import dev.sluice.model.tls.TlsMode;
import dev.sluice.v1.Endpoint;
import java.io.IOException;
import java.net.SocketException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The source's tls settings applied to the binlog connection, so it is encrypted and checked exactly like
 * the JDBC connections. We bring our own socket factory rather than the library's VERIFY_IDENTITY: that
 * one checks the name a reverse lookup of the server's address gives (127.0.0.1 becomes "localhost"),
 * not the host the task file names; the JDK's endpoint identification checks the configured host.
 */
final class BinlogTls {

    private BinlogTls() {
    }

    static void apply(BinaryLogClient client, Endpoint source) throws TlsFileException {
        TlsMode mode = TlsMode.of(source.getTls().getMode());
        if (!mode.encrypted()) {
            client.setSSLMode(SSLMode.DISABLED);
            return;
        }
        SSLContext context = TlsMaterial.sslContext(source.getTls(), "source.tls");
        boolean checkHost = mode == TlsMode.VERIFY_FULL;
        // REQUIRED and VERIFY_CA both refuse a server without TLS; the certificate checks are in our context.
        client.setSSLMode(mode == TlsMode.REQUIRED ? SSLMode.REQUIRED : SSLMode.VERIFY_CA);
        client.setSslSocketFactory(plain -> {
            try {
                SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(plain, source.getHost(), source.getPort(), true);
                if (checkHost) {
                    SSLParameters p = s.getSSLParameters();
                    p.setEndpointIdentificationAlgorithm("HTTPS"); // RFC 2818 name/IP matching against the certificate
                    s.setSSLParameters(p);
                }
                return s;
            } catch (IOException e) {
                SocketException se = new SocketException("source.tls: cannot start TLS on the binlog connection (" + e.getMessage() + ")");
                se.initCause(e);
                throw se;
            }
        });
    }
}
