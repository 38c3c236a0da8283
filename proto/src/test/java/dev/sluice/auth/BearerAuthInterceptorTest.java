package dev.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Metadata;
import io.grpc.Status;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerAuthInterceptorTest {

    static AuthConfig config(String admin, String operator, String viewer, String internal) {
        return new AuthConfig() {
            public Optional<List<String>> adminTokens() {
                return Optional.ofNullable(admin).map(List::of);
            }

            public Optional<List<String>> operatorTokens() {
                return Optional.ofNullable(operator).map(List::of);
            }

            public Optional<List<String>> viewerTokens() {
                return Optional.ofNullable(viewer).map(List::of);
            }

            public Optional<String> internalToken() {
                return Optional.ofNullable(internal);
            }

            public AuthConfig.Jwt jwt() {
                return JwtRolesTest.jwt(null, null, null);
            }
        };
    }

    final BearerAuthInterceptor auth = new BearerAuthInterceptor(new TokenTable(config("adm-1-0123456789abcdef", "op-1-0123456789abcdef", "view-1-0123456789abcdef", "int-1-0123456789abcdef")),
            new JwtRoles(config(null, null, null, null)));

    @Test
    void refusesMissingAndUnknownTokensWithoutEchoingThem() {
        Status none = auth.refusal("sluice.v1.ControlService/ListTasks", Optional.empty());
        assertThat(none.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        Status bad = auth.refusal("sluice.v1.ControlService/ListTasks", Optional.of("guess-123-0123456789abcdef"));
        assertThat(bad.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
        assertThat(bad.getDescription()).doesNotContain("guess-123-0123456789abcdef").doesNotContain("\n");
    }

    @Test
    void appliesTheRoleTable() {
        assertThat(auth.refusal("sluice.v1.ControlService/ListTasks", Optional.of("view-1-0123456789abcdef"))).isNull();
        Status denied = auth.refusal("sluice.v1.ControlService/StartTask", Optional.of("view-1-0123456789abcdef"));
        assertThat(denied.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(denied.getDescription()).isEqualTo("role viewer may not call StartTask (needs operator)");
        assertThat(auth.refusal("sluice.v1.ControlService/StartTask", Optional.of("op-1-0123456789abcdef"))).isNull();
        assertThat(auth.refusal("sluice.v1.ControlService/CreateTask", Optional.of("op-1-0123456789abcdef")).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(auth.refusal("sluice.v1.ControlService/DeleteTask", Optional.of("adm-1-0123456789abcdef"))).isNull();
        assertThat(auth.refusal("sluice.v1.BillingService/GetBill", Optional.of("view-1-0123456789abcdef"))).isNull();
    }

    @Test
    void internalMethodsTakeOnlyTheInternalToken() {
        assertThat(auth.refusal("sluice.v1.ApplyService/StartTask", Optional.of("adm-1-0123456789abcdef")).getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(auth.refusal("sluice.v1.ApplyService/StartTask", Optional.of("int-1-0123456789abcdef"))).isNull();
        assertThat(auth.refusal("sluice.v1.BillingService/ReportUsage", Optional.of("int-1-0123456789abcdef"))).isNull();
        assertThat(MethodRoles.open("grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo")).isTrue();
    }

    @Test
    void offWithoutTokens() {
        assertThat(new TokenTable(config(null, null, null, " ")).enabled()).isFalse();
    }

    @Test
    void placeholdersAndShortTokensStopTheService() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TokenTable(config("REPLACE-ME", null, null, null)))
                .hasMessageStartingWith("sluice.auth.admin-tokens: a token is a placeholder").hasMessageNotContaining("REPLACE-ME");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TokenTable(config(null, null, null, "short")))
                .hasMessageStartingWith("sluice.auth.internal-token");
    }

    @Test
    void readsBearerHeaders() {
        assertThat(BearerToken.of(BearerToken.header("abc"))).contains("abc");
        Metadata basic = new Metadata();
        basic.put(BearerToken.AUTHORIZATION, "Basic abc");
        assertThat(BearerToken.of(basic)).isEmpty();
        assertThat(BearerToken.of(new Metadata())).isEmpty();
    }
}
