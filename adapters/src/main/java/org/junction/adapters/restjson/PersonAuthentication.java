package org.junction.adapters.restjson;

import java.util.ArrayList;
import java.util.List;
import org.junction.security.identity.Person;
import org.junction.security.people.AuthenticatedPerson;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A person logged in (password and TOTP, or single sign-on), as kept in their session: one
 * authority per role, and {@value #HUB_WIDE} when they see every organisation. Holds no credential.
 */
public class PersonAuthentication extends AbstractAuthenticationToken {

    /** The authority of a caller granted hub-wide scope: what reads the whole ledger requires. */
    public static final String HUB_WIDE = "HUB_WIDE";

    private final AuthenticatedPerson person;

    public PersonAuthentication(AuthenticatedPerson person) {
        super(authorities(person));
        this.person = person;
        setAuthenticated(true);
    }

    /** A person's authorities, however they authenticated (session or an operator's key). */
    public static List<GrantedAuthority> authorities(Person person) {
        List<GrantedAuthority> authorities = new ArrayList<>();
        person.roles().stream().sorted().forEach(r -> authorities.add(new SimpleGrantedAuthority("ROLE_" + r.name())));
        if (person.hubWide()) {
            authorities.add(new SimpleGrantedAuthority(HUB_WIDE));
        }
        return authorities;
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public AuthenticatedPerson getPrincipal() {
        return person;
    }

    @Override
    public String getName() {
        return person.id();
    }
}
