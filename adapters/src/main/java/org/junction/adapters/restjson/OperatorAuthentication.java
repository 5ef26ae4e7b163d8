package org.junction.adapters.restjson;

import org.junction.security.identity.Operator;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated operator, with one authority per role. Holds no credential once authenticated. */
public class OperatorAuthentication extends AbstractAuthenticationToken {

    private final Operator operator;

    public OperatorAuthentication(Operator operator) {
        super(operator.roles().stream().map(r -> new SimpleGrantedAuthority("ROLE_" + r.name())).toList());
        this.operator = operator;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Operator getPrincipal() {
        return operator;
    }

    @Override
    public String getName() {
        return operator.id();
    }
}
