package org.junction.security.governance.agreement;

import java.util.Objects;

/** Who owns the agreement: an organisation and the role (not the person) that answers for it. */
public record Owner(String organisation, String role) {

    public Owner {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(role, "role");
    }
}
