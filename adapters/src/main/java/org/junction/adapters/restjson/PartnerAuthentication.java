package org.junction.adapters.restjson;

import java.util.List;
import org.junction.adapters.partner.Partner;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/** An authenticated partner system. Holds no credential once authenticated. */
public class PartnerAuthentication extends AbstractAuthenticationToken {

    public static final String ROLE = "PARTNER";
    private final Partner partner;

    public PartnerAuthentication(Partner partner) {
        super(List.of(new SimpleGrantedAuthority("ROLE_" + ROLE)));
        this.partner = partner;
        setAuthenticated(true);
    }

    @Override
    public Object getCredentials() {
        return null;
    }

    @Override
    public Partner getPrincipal() {
        return partner;
    }

    @Override
    public String getName() {
        return partner.id();
    }
}
