package org.junction.security.identity;

import java.util.Set;

/**
 * An operator's tool identity, configured with an API key ({@code hub.operators[*]}).
 *
 * @param organisation the organisation the operator belongs to; what it may see is scoped to it
 * @param hubWide      sees every organisation's flows (an explicit grant)
 */
public record Operator(String id, String organisation, Set<Role> roles, boolean hubWide, Set<String> roleTitles)
        implements Person {

    public Operator {
        roles = Set.copyOf(roles);
        roleTitles = roleTitles == null ? Set.of() : Set.copyOf(roleTitles);
    }

    public Operator(String id, String organisation, Set<Role> roles, boolean hubWide) {
        this(id, organisation, roles, hubWide, Set.of());
    }

    /** An operator scoped to its own organisation. */
    public Operator(String id, String organisation, Set<Role> roles) {
        this(id, organisation, roles, false);
    }
}
