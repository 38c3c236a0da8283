package dev.sluice.control.secrets;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts task passwords at rest (AES-256-GCM, key from sluice.secrets.key). Reads with the current
 * key or any of sluice.secrets.previous-keys (GCM's tag tells which key sealed a value), so that the
 * key can be rotated: {@link SecretRotation} re-seals the old values with the current key.
 */
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private final SecretKey key;
    private final List<SecretKey> previous = new ArrayList<>();
    private final SecureRandom random = new SecureRandom();

    public SecretBox(SecretsConfig config) {
        this.key = parse(config.key(), "sluice.secrets.key (SLUICE_SECRETS_KEY)");
        List<String> old = config.previousKeys().orElse(List.of());
        for (int i = 0; i < old.size(); i++) {
            if (!old.get(i).isBlank()) {
                previous.add(parse(old.get(i), "sluice.secrets.previous-keys (SLUICE_SECRETS_PREVIOUS_KEYS), key " + (i + 1)));
            }
        }
    }

    private static SecretKey parse(String base64Key, String name) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(name + " is not base64: give 32 random bytes, e.g. `openssl rand -base64 32`");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(name + " must be 32 bytes, base64; got " + raw.length
                    + " bytes: create one with `openssl rand -base64 32`");
        }
        return new SecretKeySpec(raw, "AES");
    }

    public boolean rotating() {
        return !previous.isEmpty();
    }

    public int previousKeyCount() {
        return previous.size();
    }

    public String seal(String plain) {
        if (plain == null || plain.isEmpty()) {
            return null;
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(iv.length + ct.length).put(iv).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a task password: " + e.getClass().getSimpleName(), e);
        }
    }

    public String open(String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return "";
        }
        byte[] all = bytes(sealed);
        try {
            return decrypt(key, all);
        } catch (AEADBadTagException notThisKey) {
            for (SecretKey k : previous) {
                try {
                    return decrypt(k, all);
                } catch (AEADBadTagException e) {
                    // next key
                } catch (GeneralSecurityException e) {
                    throw broken(e);
                }
            }
            throw new IllegalStateException("cannot decrypt the stored task passwords: neither sluice.secrets.key (SLUICE_SECRETS_KEY) nor any of "
                    + "sluice.secrets.previous-keys is the key they were stored with");
        } catch (GeneralSecurityException e) {
            throw broken(e);
        }
    }

    /** Whether a stored value is sealed with the current key (nothing stored counts as current). */
    public boolean current(String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return true;
        }
        try {
            decrypt(key, bytes(sealed));
            return true;
        } catch (AEADBadTagException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw broken(e);
        }
    }

    /** The same password sealed with the current key. */
    public String reseal(String sealed) {
        return seal(open(sealed));
    }

    private static byte[] bytes(String sealed) {
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("stored task password has an unknown format");
        }
        return Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
    }

    private static String decrypt(SecretKey k, byte[] all) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.DECRYPT_MODE, k, new GCMParameterSpec(128, all, 0, IV_BYTES));
        return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    private static IllegalStateException broken(GeneralSecurityException e) {
        return new IllegalStateException("cannot decrypt a stored task password: " + e.getClass().getSimpleName());
    }
}
