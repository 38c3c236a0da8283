package dev.sluice.auth;

/** Who a caller is. Users' roles are ordered (admin includes operator includes viewer); INTERNAL is the services themselves. */
public enum Role {
    VIEWER, OPERATOR, ADMIN, INTERNAL;

    public String label() {
        return name().toLowerCase();
    }

    /** Whether a caller with this role may call a method that needs {@code needed}. */
    public boolean satisfies(Role needed) {
        if (this == INTERNAL) {
            // the services' credential: it reaches nothing the services could not already do themselves
            return true;
        }
        return needed != INTERNAL && ordinal() >= needed.ordinal();
    }
}
