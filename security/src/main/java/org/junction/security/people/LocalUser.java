package org.junction.security.people;

import java.time.Instant;
import java.util.Set;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;

/**
 * A person with a login of the hub's own (password and TOTP), as stored; no credential in it.
 *
 * @param lockedUntil after too many failed logins, when logins are accepted again; null when not locked
 */
public record LocalUser(String id, String organisation, Set<Role> roles, Set<String> roleTitles, boolean hubWide,
                        boolean enabled, int failedAttempts, Instant lockedUntil) implements Person {

    public LocalUser {
        roles = Set.copyOf(roles);
        roleTitles = Set.copyOf(roleTitles);
    }
}
