package dev.sluice.auth;

import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Checks every gRPC call of the service against the role table: static tokens ({@link TokenTable})
 * and JWTs of an OIDC provider ({@link JwtRoles}). A plain interceptor rather than Quarkus security:
 * the services serve gRPC on the HTTP server and need one rule for user tokens and the internal token
 * in all five of them, which a table here states in one place.
 */
@GlobalInterceptor
@ApplicationScoped
public class BearerAuthInterceptor implements ServerInterceptor {

    private static final Logger LOG = Logger.getLogger(BearerAuthInterceptor.class);

    private final TokenTable tokens;
    private final JwtRoles jwts;

    public BearerAuthInterceptor(TokenTable tokens, JwtRoles jwts) {
        this.tokens = tokens;
        this.jwts = jwts;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (!tokens.enabled() && !jwts.enabled() || MethodRoles.open(method)) {
            return next.startCall(call, headers);
        }
        Status refusal = refusal(method, BearerToken.of(headers));
        if (refusal == null) {
            return next.startCall(call, headers);
        }
        // the reason and the method only: never the presented token
        LOG.infof("refused %s: %s", method, refusal.getDescription());
        call.close(refusal, new Metadata());
        return new ServerCall.Listener<>() {
        };
    }

    /** Why a call is refused, or null when it may proceed. */
    Status refusal(String method, Optional<String> token) {
        if (token.isEmpty()) {
            return Status.UNAUTHENTICATED.withDescription(
                    "no bearer token: send 'authorization: Bearer <token>' (the sluice CLI reads SLUICE_TOKEN or its --config file)");
        }
        Optional<Role> role = tokens.roleOf(token.get());
        if (role.isEmpty() && JwtRoles.looksLikeJwt(token.get()) && jwts.enabled()) {
            JwtRoles.Verdict verdict = jwts.roleOf(token.get());
            if (verdict.role().isEmpty()) {
                return Status.UNAUTHENTICATED.withDescription(verdict.reason());
            }
            role = verdict.role();
        }
        if (role.isEmpty()) {
            return Status.UNAUTHENTICATED.withDescription("the bearer token is not valid here");
        }
        Role needed = MethodRoles.needed(method);
        if (!role.get().satisfies(needed)) {
            String name = method.substring(method.indexOf('/') + 1);
            return Status.PERMISSION_DENIED.withDescription(needed == Role.INTERNAL
                    ? name + " is internal: only the services' internal token may call it"
                    : "role " + role.get().label() + " may not call " + name + " (needs " + needed.label() + ")");
        }
        return null;
    }
}
