package dev.sluice.model.tls;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The task file's {@code tls.mode}: how much of the server's identity a connection checks. */
public enum TlsMode {
    /** Plain text. The default: a task file without tls behaves as before TLS settings existed. */
    DISABLED("disabled"),
    /** Encrypted, but any certificate is accepted: protects against listening, not against an impostor. */
    REQUIRED("required"),
    /** Encrypted, and the server's certificate must be signed by the configured CA. */
    VERIFY_CA("verify-ca"),
    /** As verify-ca, and the certificate must be issued for the host name (or IP address) connected to. */
    VERIFY_FULL("verify-full");

    private final String text;

    TlsMode(String text) {
        this.text = text;
    }

    public String text() {
        return text;
    }

    public boolean encrypted() {
        return this != DISABLED;
    }

    public boolean verifiesCertificate() {
        return this == VERIFY_CA || this == VERIFY_FULL;
    }

    /** @return the mode spelled as in the task file; an empty text is {@link #DISABLED} */
    public static Optional<TlsMode> parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (t.isEmpty()) {
            return Optional.of(DISABLED);
        }
        return Arrays.stream(values()).filter(m -> m.text.equals(t)).findFirst();
    }

    /** For settings that passed {@code TaskSpecRules}: an unknown mode is a bug, not a user error. */
    public static TlsMode of(String text) {
        return parse(text).orElseThrow(() -> new IllegalArgumentException("tls.mode '" + text + "' is not a mode"));
    }
}
