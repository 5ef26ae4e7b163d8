package org.junction.console.agreements;

import java.util.Set;
import org.junction.security.identity.Role;

/**
 * Who is calling, as far as agreements care: an operator id (never a name), the organisation
 * they act for and their roles. How a login becomes a caller is the application's business
 * ({@link Callers}), so new kinds of login change one place.
 */
public record Caller(String id, String organisation, Set<Role> roles) {

    public Caller {
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Turns the authenticated principal of a request into a caller; null when it is not a person. */
    @FunctionalInterface
    public interface Callers {
        Caller of(java.security.Principal principal);
    }
}
