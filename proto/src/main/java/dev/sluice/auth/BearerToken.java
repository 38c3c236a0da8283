package dev.sluice.auth;

import io.grpc.Metadata;
import java.util.Optional;

/** The "authorization: Bearer <token>" header of gRPC metadata, read and written the same way everywhere. */
public final class BearerToken {

    public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    private static final String SCHEME = "bearer ";

    private BearerToken() {
    }

    /** The token of a request, empty when there is no authorization header or it is not a bearer token. */
    public static Optional<String> of(Metadata headers) {
        String value = headers.get(AUTHORIZATION);
        if (value == null || value.length() <= SCHEME.length() || !value.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String token = value.substring(SCHEME.length()).trim();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    /** Metadata that carries a token. */
    public static Metadata header(String token) {
        Metadata m = new Metadata();
        m.put(AUTHORIZATION, "Bearer " + token);
        return m;
    }
}
