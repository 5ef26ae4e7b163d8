package org.junction.security.people;

import java.io.Serializable;
import java.util.Set;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;

/**
 * A person as held in a login session: what they are, nothing they proved it with. Serializable,
 * because a session may be written out by the servlet container.
 *
 * @param method how they logged in: {@code PASSWORD_TOTP} or {@code OIDC}
 */
public record AuthenticatedPerson(String id, String organisation, Set<Role> roles, Set<String> roleTitles,
                                  boolean hubWide, String method) implements Person, Serializable {

    public static final String PASSWORD_TOTP = "PASSWORD_TOTP";
    public static final String OIDC = "OIDC";

    public AuthenticatedPerson {
        roles = Set.copyOf(roles);
        roleTitles = Set.copyOf(roleTitles);
    }

    public static AuthenticatedPerson of(Person person, String method) {
        return new AuthenticatedPerson(person.id(), person.organisation(), person.roles(), person.roleTitles(),
                person.hubWide(), method);
    }
}
