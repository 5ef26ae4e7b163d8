package org.junction.security.identity;

import java.util.Set;

/**
 * A person's or an operator tool's identity, as configured until interactive logins arrive.
 *
 * @param organisation the organisation the operator belongs to; what it may see is scoped to it
 */
public record Operator(String id, String organisation, Set<Role> roles) {

    public Operator {
        roles = Set.copyOf(roles);
    }
}
