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

    private final List<Entry> entries = new ArrayList<>();
    private final int users;

    public TokenTable(AuthConfig config) {
        add(config.viewerTokens(), Role.VIEWER);
        add(config.operatorTokens(), Role.OPERATOR);
        add(config.adminTokens(), Role.ADMIN);
        users = entries.size();
        config.internalToken().filter(t -> !t.isBlank()).ifPresent(t -> entries.add(new Entry(digest(t.trim()), Role.INTERNAL)));
    }

    private void add(Optional<List<String>> tokens, Role role) {
        tokens.ifPresent(list -> list.stream().map(String::trim).filter(t -> !t.isEmpty()).forEach(t -> entries.add(new Entry(digest(t), role))));
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
