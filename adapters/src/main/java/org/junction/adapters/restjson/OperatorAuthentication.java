package org.junction.adapters.restjson;

import org.junction.security.identity.Operator;
import org.springframework.security.authentication.AbstractAuthenticationToken;

/** An authenticated operator, with one authority per role (and hub-wide scope when granted). Holds no credential once authenticated. */
public class OperatorAuthentication extends AbstractAuthenticationToken {

    private final Operator operator;

    public OperatorAuthentication(Operator operator) {
        super(PersonAuthentication.authorities(operator));
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
