package dev.sluice.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.List;
import java.util.Optional;

/**
 * Bearer tokens of the gRPC API. Lists per role rather than named entries, so that each is one
 * environment variable (SLUICE_AUTH_ADMIN_TOKENS=a,b) and one key of the Kubernetes Secret.
 * Authentication is on as soon as any token is configured.
 */
@ConfigMapping(prefix = "sluice.auth")
public interface AuthConfig {

    /** Tokens that may do everything on the public API (create, update, delete tasks). */
    Optional<List<String>> adminTokens();

    /** Tokens that may run tasks: start, pause, resume, stop, precheck, verify; and read. */
    Optional<List<String>> operatorTokens();

    /** Tokens that may only read: list, show, watch, preview, ETL test, metering, bills. */
    Optional<List<String>> viewerTokens();

    /** The services' own credential for calls between them; internal services accept nothing else. */
    Optional<String> internalToken();

    /** Bearer JWTs issued by an OIDC provider (or anyone holding the configured key), beside the static tokens. */
    Jwt jwt();

    interface Jwt {

        /**
         * Where the keys that sign accepted JWTs are: the OIDC provider's JWKS URL (its discovery
         * document's jwks_uri), or a PEM public key or JWK set file. Unset: no JWT is accepted.
         */
        Optional<String> publicKeyLocation();

        /** The issuer ("iss") accepted JWTs must name; required with public-key-location. */
        Optional<String> issuer();

        /** An audience ("aud") accepted JWTs must include, when set. */
        Optional<String> audience();

        /** The claim holding the caller's roles, a path for nested claims (Keycloak: realm_access/roles). */
        @WithDefault("groups")
        String rolesClaim();

        /** The role names that give Sluice's roles; a caller with several gets the strongest. */
        @WithDefault("sluice-admin")
        String adminRole();

        @WithDefault("sluice-operator")
        String operatorRole();

        @WithDefault("sluice-viewer")
        String viewerRole();
    }
}
