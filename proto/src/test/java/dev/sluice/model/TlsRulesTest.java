package dev.sluice.model;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.v1.TaskSpec;
import dev.sluice.v1.TlsSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

class TlsRulesTest {

    private static List<String> problems(TlsSettings.Builder source, TlsSettings.Builder destination) {
        TaskSpec valid = TaskSpecRulesTest.valid();
        return TaskSpecRules.problems(valid.toBuilder()
                .setSource(valid.getSource().toBuilder().setTls(source))
                .setDestination(valid.getDestination().toBuilder().setTls(destination))
                .build());
    }

    @Test
    void noTlsBlockAndEveryModeSpelledRightAreValid() {
        assertThat(TaskSpecRules.problems(TaskSpecRulesTest.valid())).isEmpty();
        assertThat(problems(TlsSettings.newBuilder().setMode("disabled"), TlsSettings.newBuilder().setMode("required"))).isEmpty();
        assertThat(problems(TlsSettings.newBuilder().setMode("verify-ca").setCa("/tls/ca.pem"),
                TlsSettings.newBuilder().setMode("verify-full").setCa("/tls/ca.pem").setCert("/tls/c.pem").setKey("/tls/k.pem")))
                .isEmpty();
    }

    @Test
    void unknownModeNamesTheFieldAndTheModes() {
        assertThat(problems(TlsSettings.newBuilder().setMode("verify_full"), TlsSettings.newBuilder()))
                .containsExactly("source.tls.mode: \"verify_full\" is not one of disabled|required|verify-ca|verify-full");
    }

    @Test
    void verifyModesNeedTheCa() {
        assertThat(problems(TlsSettings.newBuilder(), TlsSettings.newBuilder().setMode("verify-full")))
                .singleElement().asString().startsWith("destination.tls.ca: required for mode verify-full");
        assertThat(problems(TlsSettings.newBuilder().setMode("verify-ca"), TlsSettings.newBuilder()))
                .singleElement().asString().startsWith("source.tls.ca: required for mode verify-ca");
    }

    @Test
    void clientCertificateNeedsCertAndKey() {
        assertThat(problems(TlsSettings.newBuilder().setMode("required").setCert("/c.pem"), TlsSettings.newBuilder()))
                .singleElement().asString().startsWith("source.tls.key: missing");
        assertThat(problems(TlsSettings.newBuilder(), TlsSettings.newBuilder().setMode("required").setKey("/k.pem")))
                .singleElement().asString().startsWith("destination.tls.cert: missing");
    }

    @Test
    void aCaWithModeRequiredIsReportedAsUnchecked() {
        assertThat(problems(TlsSettings.newBuilder(), TlsSettings.newBuilder().setMode("required").setCa("/ca.pem")))
                .singleElement().asString().startsWith("destination.tls.ca: mode required does not check the server's certificate");
    }

    @Test
    void filesWithoutAnEncryptingModeAreReported() {
        assertThat(problems(TlsSettings.newBuilder().setCa("/ca.pem"), TlsSettings.newBuilder()))
                .singleElement().asString().startsWith("source.tls.mode: disabled ignores ca, cert and key");
    }
}
