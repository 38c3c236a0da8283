package dev.sluice.model;

import dev.sluice.v1.Endpoint;
import dev.sluice.v1.TaskSpec;

/** Passwords are write-only: they travel to the services that connect, and nowhere else. */
public final class Secrets {

    private Secrets() {
    }

    /** The spec without passwords, for listings, logs and responses. */
    public static TaskSpec redact(TaskSpec spec) {
        TaskSpec.Builder b = spec.toBuilder();
        if (spec.hasSource()) {
            b.setSource(spec.getSource().toBuilder().clearPassword());
        }
        if (spec.hasDestination()) {
            b.setDestination(spec.getDestination().toBuilder().clearPassword());
        }
        return b.build();
    }

    /** The password to connect with: given inline, or read from the named environment variable. */
    public static String password(Endpoint e) {
        if (!e.getPassword().isEmpty() || e.getPasswordEnv().isBlank()) {
            return e.getPassword();
        }
        String v = System.getenv(e.getPasswordEnv());
        if (v == null) {
            throw new IllegalStateException("environment variable " + e.getPasswordEnv() + " (passwordEnv) is not set");
        }
        return v;
    }

    /** Removes a password from a message that may echo it (drivers put URLs and credentials in errors). */
    public static String scrub(String message, String... passwords) {
        if (message == null) {
            return null;
        }
        String out = message;
        for (String p : passwords) {
            if (p != null && p.length() >= 1) {
                out = out.replace(p, "******");
            }
        }
        return out;
    }
}
