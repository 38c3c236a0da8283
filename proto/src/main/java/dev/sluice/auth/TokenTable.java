package dev.sluice.auth;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured tokens and their roles. Tokens are kept as SHA-256 digests and compared in constant
 * time, so neither a heap dump nor response timing gives them away.
 */
@ApplicationScoped
public class TokenTable {

    private record Entry(byte[] digest, Role role) {
    }

    static final int MIN_LENGTH = 16;

    private final List<Entry> entries = new ArrayList<>();
    private final int users;

    public TokenTable(AuthConfig config) {
        add(config.viewerTokens(), Role.VIEWER, "sluice.auth.viewer-tokens");
        add(config.operatorTokens(), Role.OPERATOR, "sluice.auth.operator-tokens");
        add(config.adminTokens(), Role.ADMIN, "sluice.auth.admin-tokens");
        users = entries.size();
        add(config.internalToken().map(List::of), Role.INTERNAL, "sluice.auth.internal-token");
    }

    private void add(Optional<List<String>> tokens, Role role, String setting) {
        for (String t : tokens.orElse(List.of())) {
            String token = t.trim();
            if (token.isEmpty()) {
                continue;
            }
            // a template's placeholder or a guessable word would open the API to anyone: refuse to start
            if (token.length() < MIN_LENGTH || token.startsWith("REPLACE-ME")) {
                throw new IllegalStateException(setting + ": a token is a placeholder or shorter than " + MIN_LENGTH
                        + " characters; use a random one, e.g. `head -c 32 /dev/urandom | base64`");
            }
            entries.add(new Entry(digest(token), role));
        }
    }

    /** Authentication is on as soon as any token is configured. */
    public boolean enabled() {
        return !entries.isEmpty();
    }

    public int userTokens() {
        return users;
    }

    public boolean hasInternalToken() {
        return entries.size() > users;
    }

    /** The role of a presented token, if it is one of ours. Every entry is compared, match or not. */
    public Optional<Role> roleOf(String token) {
        byte[] presented = digest(token);
        Role found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(e.digest, presented) && found == null) {
                found = e.role;
            }
        }
        return Optional.ofNullable(found);
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
