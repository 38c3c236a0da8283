package dev.sluice.auth;

import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/**
 * Roles from bearer JWTs: the token's signature is checked against the configured keys (an OIDC
 * provider's JWKS, fetched and cached by SmallRye JWT, or a key file), its issuer, expiry and
 * audience, and its roles claim is mapped to Sluice's roles. A JWT never gives the internal role.
 */
@ApplicationScoped
public class JwtRoles {

    private static final Logger LOG = Logger.getLogger(JwtRoles.class);

    /** A JWT, or why one was refused (never the token itself). */
    public record Verdict(Optional<Role> role, String reason) {
    }

    private final AuthConfig.Jwt config;
    private final DefaultJWTParser parser;

    public JwtRoles(AuthConfig auth) {
        this.config = auth.jwt();
        if (config.publicKeyLocation().isEmpty()) {
            this.parser = null;
            return;
        }
        String issuer = config.issuer().filter(i -> !i.isBlank()).orElseThrow(() -> new IllegalStateException(
                "sluice.auth.jwt.issuer (SLUICE_AUTH_JWT_ISSUER) is required with sluice.auth.jwt.public-key-location: "
                        + "give the issuer your OIDC provider writes into its tokens (\"iss\")"));
        JWTAuthContextInfo info = new JWTAuthContextInfo(config.publicKeyLocation().get(), issuer);
        config.audience().filter(a -> !a.isBlank()).ifPresent(a -> info.setExpectedAudience(Set.of(a)));
        info.setGroupsPath(config.rolesClaim());
        this.parser = new DefaultJWTParser(info);
    }

    public boolean enabled() {
        return parser != null;
    }

    /** Compact JWS: three base64url parts. Static tokens never contain a dot. */
    public static boolean looksLikeJwt(String token) {
        return token.chars().filter(c -> c == '.').count() == 2;
    }

    public Verdict roleOf(String token) {
        if (parser == null) {
            return new Verdict(Optional.empty(), "the bearer token is not valid here");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            // SmallRye's reason names the check that failed (signature, expiry, issuer, audience), not the token
            LOG.debugf("JWT refused: %s", e.getMessage());
            return new Verdict(Optional.empty(), "the JWT is not valid here (signature, issuer, audience or expiry)");
        }
        Set<String> groups = jwt.getGroups() == null ? Set.of() : jwt.getGroups();
        Role role = groups.contains(config.adminRole()) ? Role.ADMIN
                : groups.contains(config.operatorRole()) ? Role.OPERATOR
                : groups.contains(config.viewerRole()) ? Role.VIEWER : null;
        if (role == null) {
            return new Verdict(Optional.empty(), "the JWT of " + jwt.getName() + " carries none of the roles " + config.viewerRole() + ", "
                    + config.operatorRole() + ", " + config.adminRole() + " in its claim " + config.rolesClaim());
        }
        return new Verdict(Optional.of(role), "");
    }
}
