package dev.sluice.model.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the PEM files of the tls settings, with errors that name the task file field and the path. Only
 * the JDK is used: certificates as X.509, keys as PKCS#8 ("PRIVATE KEY") or PKCS#1 RSA ("RSA PRIVATE KEY").
 */
public final class PemFiles {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]*)-----END \\1-----");
    /** AlgorithmIdentifier of rsaEncryption with NULL parameters, DER: wraps a PKCS#1 key into PKCS#8. */
    private static final byte[] RSA_ALGORITHM = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
        0x01, 0x05, 0x00};
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA");

    private PemFiles() {
    }

    /** @param field the task file field naming the file, e.g. source.tls.ca */
    public static List<X509Certificate> certificates(String path, String field) throws TlsFileException {
        byte[] bytes = read(path, field);
        try {
            List<X509Certificate> out = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new CertificateException("no certificate in it");
            }
            return out;
        } catch (CertificateException e) {
            throw new TlsFileException(field + ": " + path + " is not a PEM certificate file (" + e.getMessage() + ")", e);
        }
    }

    public static PrivateKey privateKey(String path, String field) throws TlsFileException {
        String text = new String(read(path, field), StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            byte[] der = Base64.getMimeDecoder().decode(m.group(2));
            switch (type) {
                case "PRIVATE KEY":
                    return pkcs8(der, path, field);
                case "RSA PRIVATE KEY":
                    return pkcs8(wrapPkcs1(der), path, field);
                case "ENCRYPTED PRIVATE KEY":
                    throw new TlsFileException(field + ": the key in " + path + " is encrypted; give an unencrypted key "
                            + "(openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem) and protect the file instead", null);
                case "EC PRIVATE KEY":
                    throw new TlsFileException(field + ": " + path + " holds a SEC1 EC key; convert it to PKCS#8 "
                            + "(openssl pkcs8 -topk8 -nocrypt -in KEY -out KEY.pem)", null);
                default:
                    // e.g. EC PARAMETERS before the key: look further
            }
        }
        throw new TlsFileException(field + ": " + path + " holds no PEM private key (-----BEGIN PRIVATE KEY-----)", null);
    }

    private static PrivateKey pkcs8(byte[] der, String path, String field) throws TlsFileException {
        for (String algorithm : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException notThisOne) {
                // try the next algorithm
            }
        }
        throw new TlsFileException(field + ": the private key in " + path + " cannot be read (algorithm not among " + KEY_ALGORITHMS + ")", null);
    }

    /** PrivateKeyInfo ::= SEQUENCE { INTEGER 0, AlgorithmIdentifier rsaEncryption, OCTET STRING pkcs1 } */
    static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        byte[] body = new byte[version.length + RSA_ALGORITHM.length + octets.length];
        System.arraycopy(version, 0, body, 0, version.length);
        System.arraycopy(RSA_ALGORITHM, 0, body, version.length, RSA_ALGORITHM.length);
        System.arraycopy(octets, 0, body, version.length + RSA_ALGORITHM.length, octets.length);
        return tlv(0x30, body);
    }

    private static byte[] tlv(int tag, byte[] value) {
        int n = value.length;
        byte[] length = n < 0x80 ? new byte[] {(byte) n}
                : n < 0x100 ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000 ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
        byte[] out = new byte[1 + length.length + n];
        out[0] = (byte) tag;
        System.arraycopy(length, 0, out, 1, length.length);
        System.arraycopy(value, 0, out, 1 + length.length, n);
        return out;
    }

    private static byte[] read(String path, String field) throws TlsFileException {
        try {
            return Files.readAllBytes(Path.of(path));
        } catch (IOException | RuntimeException e) {
            throw new TlsFileException(field + ": cannot read " + path + " where this service runs (" + e.getClass().getSimpleName()
                    + ")", e);
        }
    }
}
