package dev.sluice.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The CLI's own settings file (default ~/.config/sluice/config.yaml, or --config FILE):
 * {@code token: …} and optionally {@code server: host:port}, {@code billing: host:port}, {@code tlsCa: /path/ca.pem}.
 * A file rather than an option for the token: command lines are visible to every user of the machine.
 */
record CliConfig(String token, String server, String billing, String tlsCa) {

    static final CliConfig EMPTY = new CliConfig(null, null, null, null);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Path defaultPath() {
        return Path.of(System.getProperty("user.home"), ".config", "sluice", "config.yaml");
    }

    /** The given file (which must exist), else the default file when there is one. */
    static CliConfig load(Path explicit) {
        Path file = explicit != null ? explicit : defaultPath();
        if (explicit == null && !Files.isRegularFile(file)) {
            return EMPTY;
        }
        try {
            CliConfig c = YAML.readValue(file.toFile(), CliConfig.class);
            return c == null ? EMPTY : c;
        } catch (IOException e) {
            // Jackson's message may quote the file's content (the token): name the file and the kind of problem only
            throw new SluiceCli.CliException(SluiceCli.EXIT_INVALID, "cannot read the config file " + file + " (" + e.getClass().getSimpleName()
                    + "): expected YAML with the keys token, server, billing, tlsCa");
        }
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
