package dev.sluice.control.secrets;

import io.smallrye.config.ConfigMapping;
import java.util.List;
import java.util.Optional;

/** Keys of the task passwords at rest: base64 of 32 bytes each. */
@ConfigMapping(prefix = "sluice.secrets")
public interface SecretsConfig {

    /** The current key: seals every password written, and re-seals those sealed with a previous key. */
    String key();

    /** Keys being rotated out (SLUICE_SECRETS_PREVIOUS_KEYS=k1,k2): still read, never written. */
    Optional<List<String>> previousKeys();
}
