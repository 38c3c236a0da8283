package dev.sluice.model.tls;

import dev.sluice.v1.TlsSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client certificate and key as a PKCS#12 file: the form both JDBC drivers read (MariaDB Connector/J has
 * no PEM key option). Written once per certificate/key version into a folder only this process's user can
 * read, with a random password, and deleted when the JVM exits.
 */
final class ClientKeyStoreFiles {

    record StoreFile(Path path, String password) {
    }

    private record Source(String cert, String key, List<Object> versions) {
    }

    private static final Map<Source, StoreFile> FILES = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static Path folder;

    private ClientKeyStoreFiles() {
    }

    static StoreFile of(TlsSettings tls, String field) throws TlsFileException {
        // A rotated certificate (same path, new content) gets a new file.
        Source source = new Source(tls.getCert(), tls.getKey(), List.of(version(tls.getCert(), field + ".cert"), version(tls.getKey(), field + ".key")));
        StoreFile existing = FILES.get(source);
        if (existing != null) {
            return existing;
        }
        synchronized (FILES) {
            existing = FILES.get(source);
            if (existing == null) {
                existing = write(tls, field);
                FILES.put(source, existing);
            }
            return existing;
        }
    }

    private static StoreFile write(TlsSettings tls, String field) throws TlsFileException {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        var store = TlsMaterial.clientKeyStore(tls, field, password.toCharArray());
        try {
            Path file = Files.createTempFile(folder(), "client", ".p12", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            file.toFile().deleteOnExit();
            try (OutputStream out = Files.newOutputStream(file)) {
                store.store(out, password.toCharArray());
            }
            return new StoreFile(file, password);
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsFileException(field + ": cannot prepare the client certificate for the driver (" + e.getMessage() + ")", e);
        }
    }

    private static synchronized Path folder() throws IOException {
        if (folder == null) {
            folder = Files.createTempDirectory("sluice-tls", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            folder.toFile().deleteOnExit(); // registered first, so deleted after the files in it
        }
        return folder;
    }

    private static Object version(String path, String field) throws TlsFileException {
        try {
            return Files.getLastModifiedTime(Path.of(path)).toMillis() + "/" + Files.size(Path.of(path));
        } catch (IOException | RuntimeException e) {
            throw new TlsFileException(field + ": cannot read " + path + " where this service runs (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
