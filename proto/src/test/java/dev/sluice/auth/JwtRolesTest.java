package dev.sluice.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.grpc.Status;
import io.smallrye.jwt.build.Jwt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JWTs as an OIDC provider issues them, signed here with a key whose public half the services are given. */
class JwtRolesTest {

    static final String ISSUER = "https://idp.example.com/realms/sluice";
    static KeyPair key;
    static KeyPair otherKey;
    @TempDir
    static Path dir;
    static Path publicKey;

    @BeforeAll
    static void keys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        key = g.generateKeyPair();
        otherKey = g.generateKeyPair();
        publicKey = pem(dir.resolve("public.pem"), key);
    }

    /** The public key as a PEM file, as an operator would download it from the provider. */
    static Path pem(Path file, KeyPair k) throws Exception {
        Files.writeString(file, "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(k.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----\n");
        return file;
    }

    static AuthConfig.Jwt jwt(String location, String issuer, String audience) {
        return jwt(location, issuer, audience, "groups");
    }

    static AuthConfig.Jwt jwt(String location, String issuer, String audience, String rolesClaim) {
        return new AuthConfig.Jwt() {
            public Optional<String> publicKeyLocation() {
                return Optional.ofNullable(location);
            }

            public Optional<String> issuer() {
                return Optional.ofNullable(issuer);
            }

            public Optional<String> audience() {
                return Optional.ofNullable(audience);
            }

            public String rolesClaim() {
                return rolesClaim;
            }

            public String adminRole() {
                return "sluice-admin";
            }

            public String operatorRole() {
                return "sluice-operator";
            }

            public String viewerRole() {
                return "sluice-viewer";
            }
        };
    }

    static AuthConfig config(AuthConfig.Jwt jwt) {
        return new AuthConfig() {
            public Optional<List<String>> adminTokens() {
                return Optional.empty();
            }

            public Optional<List<String>> operatorTokens() {
                return Optional.empty();
            }

            public Optional<List<String>> viewerTokens() {
                return Optional.empty();
            }

            public Optional<String> internalToken() {
                return Optional.of("int-1-0123456789abcdef");
            }

            public AuthConfig.Jwt jwt() {
                return jwt;
            }
        };
    }

    static String token(String issuer, String audience, long expiresInSeconds, KeyPair signer, String... roles) {
        var b = Jwt.issuer(issuer).upn("ana@example.com").groups(java.util.Set.of(roles)).expiresIn(expiresInSeconds);
        if (audience != null) {
            b.audience(audience);
        }
        return b.sign(signer.getPrivate());
    }

    final JwtRoles roles = new JwtRoles(config(jwt(publicKey.toUri().toString(), ISSUER, "sluice")));
    final BearerAuthInterceptor auth = new BearerAuthInterceptor(new TokenTable(config(jwt(null, null, null))), roles);

    @Test
    void aValidJwtGivesTheStrongestRoleItCarries() {
        assertThat(roles.roleOf(token(ISSUER, "sluice", 300, key, "sluice-viewer")).role()).contains(Role.VIEWER);
        assertThat(roles.roleOf(token(ISSUER, "sluice", 300, key, "sluice-viewer", "sluice-operator")).role()).contains(Role.OPERATOR);
        assertThat(roles.roleOf(token(ISSUER, "sluice", 300, key, "other", "sluice-admin")).role()).contains(Role.ADMIN);
        JwtRoles.Verdict none = roles.roleOf(token(ISSUER, "sluice", 300, key, "accounting"));
        assertThat(none.role()).isEmpty();
        assertThat(none.reason()).contains("ana@example.com").contains("sluice-viewer").contains("groups");
    }

    @Test
    void aJwtFromAnotherKeyIssuerOrAudienceOrExpiredIsRefused() {
        for (String bad : List.of(token(ISSUER, "sluice", 300, otherKey, "sluice-admin"), token("https://evil.example.com", "sluice", 300, key, "sluice-admin"),
                token(ISSUER, "other-app", 300, key, "sluice-admin"), token(ISSUER, "sluice", -120, key, "sluice-admin"))) {
            JwtRoles.Verdict v = roles.roleOf(bad);
            assertThat(v.role()).isEmpty();
            assertThat(v.reason()).contains("not valid").doesNotContain(bad);
        }
    }

    @Test
    void theInterceptorAppliesTheRoleTableToJwts() {
        String viewer = token(ISSUER, "sluice", 300, key, "sluice-viewer");
        assertThat(auth.refusal("sluice.v1.ControlService/ListTasks", Optional.of(viewer))).isNull();
        Status start = auth.refusal("sluice.v1.ControlService/StartTask", Optional.of(viewer));
        assertThat(start.getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
        assertThat(start.getDescription()).contains("role viewer may not call StartTask");
        String admin = token(ISSUER, "sluice", 300, key, "sluice-admin");
        assertThat(auth.refusal("sluice.v1.CaptureService/GetSchema", Optional.of(admin)).getCode())
                .as("a JWT never reaches the internal services' methods").isEqualTo(Status.Code.PERMISSION_DENIED);
        Status expired = auth.refusal("sluice.v1.ControlService/ListTasks", Optional.of(token(ISSUER, "sluice", -120, key, "sluice-admin")));
        assertThat(expired.getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
    }

    @Test
    void nestedRoleClaimsAsKeycloakWritesThem() {
        JwtRoles keycloak = new JwtRoles(config(jwt(publicKey.toUri().toString(), ISSUER, null, "realm_access/roles")));
        String token = Jwt.issuer(ISSUER).upn("bo").claim("realm_access", java.util.Map.of("roles", List.of("sluice-operator"))).expiresIn(300)
                .sign(key.getPrivate());
        assertThat(keycloak.roleOf(token).role()).contains(Role.OPERATOR);
    }

    @Test
    void aKeyLocationWithoutIssuerStopsTheService() {
        assertThatThrownBy(() -> new JwtRoles(config(jwt(publicKey.toUri().toString(), null, null)))).hasMessageContaining("SLUICE_AUTH_JWT_ISSUER");
        assertThat(new JwtRoles(config(jwt(null, null, null))).enabled()).isFalse();
        assertThat(JwtRoles.looksLikeJwt("adm-1-0123456789abcdef")).isFalse();
    }
}
