package dev.sluice.control.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SecretBoxTest {

    static String newKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return Base64.getEncoder().encodeToString(k);
    }

    static SecretBox box(String key, String... previous) {
        return new SecretBox(new SecretsConfig() {
            public String key() {
                return key;
            }

            public Optional<List<String>> previousKeys() {
                return previous.length == 0 ? Optional.empty() : Optional.of(List.of(previous));
            }

            public boolean resealOnStart() {
                return true;
            }
        });
    }

    @Test
    void readsWithPreviousKeysAndResealsWithTheCurrentOne() {
        String oldKey = newKey();
        String newKey = newKey();
        String sealedOld = box(oldKey).seal("pw-ü-1");
        SecretBox rotating = box(newKey, newKey(), oldKey);
        assertThat(rotating.rotating()).isTrue();
        assertThat(rotating.previousKeyCount()).isEqualTo(2);
        assertThat(rotating.current(sealedOld)).isFalse();
        assertThat(rotating.open(sealedOld)).isEqualTo("pw-ü-1");
        String resealed = rotating.reseal(sealedOld);
        assertThat(rotating.current(resealed)).isTrue();
        assertThat(box(newKey).open(resealed)).isEqualTo("pw-ü-1");
        assertThat(rotating.current(null)).isTrue();
    }

    @Test
    void aValueSealedWithNoConfiguredKeySaysSoWithoutDetails() {
        String sealed = box(newKey()).seal("pw");
        assertThatThrownBy(() -> box(newKey(), newKey()).open(sealed)).hasMessageContaining("previous-keys").hasMessageNotContaining("pw");
    }

    @Test
    void aBadPreviousKeyIsNamed() {
        assertThatThrownBy(() -> box(newKey(), "c2hvcnQ=")).hasMessageContaining("previous-keys (SLUICE_SECRETS_PREVIOUS_KEYS), key 1");
    }
}
