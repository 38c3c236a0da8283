package dev.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliConfigTest {

    @TempDir
    Path dir;

    @Test
    void readsTokenAndAddresses() throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, "token: tok-0123456789abcdef\nserver: ctl:9101\nbilling: bil:9105\n");
        assertThat(CliConfig.load(f)).isEqualTo(new CliConfig("tok-0123456789abcdef", "ctl:9101", "bil:9105", null));
    }

    @Test
    void aBrokenFileIsNamedWithoutQuotingIt() throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, "tokn: tok-0123456789abcdef\n");
        assertThatThrownBy(() -> CliConfig.load(f)).isInstanceOfSatisfying(SluiceCli.CliException.class, e -> {
            assertThat(e.exitCode).isEqualTo(SluiceCli.EXIT_INVALID);
            assertThat(e.getMessage()).contains(f.toString()).doesNotContain("tok-0123456789abcdef");
        });
        assertThatThrownBy(() -> CliConfig.load(dir.resolve("missing.yaml"))).hasMessageContaining("missing.yaml");
    }

    @Test
    void theExplicitFileWinsOverTheEnvironment() throws Exception {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, "token: from-file-0123456789\n");
        SluiceCli root = new SluiceCli();
        root.configFile = f;
        assertThat(root.token()).isEqualTo("from-file-0123456789");
    }
}
