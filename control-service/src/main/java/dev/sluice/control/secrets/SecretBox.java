package dev.sluice.control.secrets;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Encrypts task passwords at rest (AES-256-GCM, key from sluice.secrets.key). */
@ApplicationScoped
public class SecretBox {

    private static final String PREFIX = "v1:";
    private static final int IV_BYTES = 12;
    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(@ConfigProperty(name = "sluice.secrets.key") String base64Key) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64Key.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("sluice.secrets.key (SLUICE_SECRETS_KEY) is not base64: give 32 random bytes, e.g. `openssl rand -base64 32`");
        }
        if (raw.length != 32) {
            throw new IllegalStateException("sluice.secrets.key (SLUICE_SECRETS_KEY) must be 32 bytes, base64; got " + raw.length
                    + " bytes: create one with `openssl rand -base64 32`");
        }
        this.key = new SecretKeySpec(raw, "AES");
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
        if (!sealed.startsWith(PREFIX)) {
            throw new IllegalStateException("stored task password has an unknown format");
        }
        try {
            byte[] all = Base64.getDecoder().decode(sealed.substring(PREFIX.length()));
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, all, 0, IV_BYTES));
            return new String(c.doFinal(all, IV_BYTES, all.length - IV_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot decrypt the stored task passwords: sluice.secrets.key (SLUICE_SECRETS_KEY) is not the key they were stored with", e);
        }
    }
}
