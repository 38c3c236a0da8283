package dev.sluice.auth;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Says at startup whether the API is protected. A service without tokens still starts (local
 * development, tests of one service) but warns loudly: its gRPC API is open to whoever reaches its port.
 */
@ApplicationScoped
public class AuthStartupReport {

    private static final Logger LOG = Logger.getLogger(AuthStartupReport.class);

    void report(@Observes StartupEvent started, TokenTable tokens, JwtRoles jwts, AuthConfig config,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        if (!tokens.enabled() && !jwts.enabled()) {
            LOG.warnf("authentication is OFF: no sluice.auth tokens are configured, so anyone who can reach %s may call its whole gRPC API."
                    + " Set SLUICE_AUTH_ADMIN_TOKENS (and _OPERATOR_/_VIEWER_TOKENS) and SLUICE_AUTH_INTERNAL_TOKEN", service);
            return;
        }
        LOG.infof("authentication on: %d user token(s), JWTs %s, internal token %s", tokens.userTokens(),
                jwts.enabled() ? "of issuer " + config.jwt().issuer().orElse("?") : "not accepted", tokens.hasInternalToken() ? "set" : "not set");
        if (!tokens.hasInternalToken()) {
            LOG.warnf("no SLUICE_AUTH_INTERNAL_TOKEN: %s cannot call the other services, nor they it, once they require it", service);
        }
    }
}
