package dev.sluice.auth;

import io.smallrye.config.ConfigMapping;
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
}
