package dev.sluice.model;

import dev.sluice.model.tls.TlsMode;
import dev.sluice.v1.TlsSettings;
import java.util.List;

/**
 * Validation of one endpoint's {@code tls:} block, as far as it can be judged from the task file alone.
 * Whether the files exist is not checked here: they are read where the connecting services run (a
 * Secret mounted there), which the CLI and control-service cannot see; precheck reports that.
 */
final class TlsRules {

    private static final String MODES = "disabled|required|verify-ca|verify-full";

    private TlsRules() {
    }

    /** @param field e.g. source.tls */
    static void check(String field, TlsSettings tls, List<String> out) {
        var mode = TlsMode.parse(tls.getMode());
        if (mode.isEmpty()) {
            out.add(field + ".mode: \"" + tls.getMode() + "\" is not one of " + MODES);
            return;
        }
        if (mode.get().verifiesCertificate() && tls.getCa().isBlank()) {
            out.add(field + ".ca: required for mode " + mode.get().text()
                    + " (the path of the PEM file with the CA certificate that signed the server's certificate)");
        }
        if (!mode.get().encrypted() && (!tls.getCa().isBlank() || !tls.getCert().isBlank() || !tls.getKey().isBlank())) {
            // Files given but not used: most likely the mode was forgotten, and the user believes the link is encrypted.
            out.add(field + ".mode: " + mode.get().text() + " ignores ca, cert and key (set mode to required, verify-ca or "
                    + "verify-full, or remove the files)");
        }
        if (mode.get() == TlsMode.REQUIRED && !tls.getCa().isBlank()) {
            // libpq would check the certificate here; Sluice does what the mode says, so say it rather than surprise.
            out.add(field + ".ca: mode required does not check the server's certificate (use verify-ca or verify-full to check it "
                    + "against this CA, or remove ca)");
        }
        if (tls.getCert().isBlank() != tls.getKey().isBlank()) {
            out.add(tls.getCert().isBlank()
                    ? field + ".cert: missing (key is given; a client certificate needs both cert and key)"
                    : field + ".key: missing (cert is given; a client certificate needs both cert and key)");
        }
    }
}
