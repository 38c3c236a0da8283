package dev.sluice.control.secrets;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/** Keys of the task passwords at rest: base64 of 32 bytes each. */
@ConfigMapping(prefix = "sluice.secrets")
public interface SecretsConfig {

    /** The current key: seals every password written, and re-seals those sealed with a previous key. */
    String key();

    /** Keys being rotated out (SLUICE_SECRETS_PREVIOUS_KEYS=k1,k2): still read, never written. */
    Optional<List<String>> previousKeys();

    /**
     * Re-seal at start when previous keys are configured (SLUICE_SECRETS_RESEAL_ON_START). Off: the
     * passwords stay as they are until an admin runs `sluice secrets reencrypt`.
     */
    @WithDefault("true")
    boolean resealOnStart();
}
