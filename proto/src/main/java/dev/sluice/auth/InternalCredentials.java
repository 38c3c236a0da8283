package dev.sluice.auth;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Every call a service makes to another (its @GrpcClient channels) carries the internal token, when one is configured. */
@GlobalInterceptor
@ApplicationScoped
public class InternalCredentials implements ClientInterceptor {

    private final Optional<String> token;

    public InternalCredentials(AuthConfig config) {
        this.token = config.internalToken().map(String::trim).filter(t -> !t.isEmpty());
    }

    @Override
    public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
        ClientCall<Q, R> call = next.newCall(method, options);
        if (token.isEmpty()) {
            return call;
        }
        return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
            @Override
            public void start(Listener<R> listener, Metadata headers) {
                headers.removeAll(BearerToken.AUTHORIZATION);
                headers.merge(BearerToken.header(token.get()));
                super.start(listener, headers);
            }
        };
    }
}
