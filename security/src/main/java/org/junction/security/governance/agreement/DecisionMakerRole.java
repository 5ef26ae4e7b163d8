package org.junction.security.governance.agreement;

import java.util.Objects;

/** A role title, in an organisation, whose holders may decide to share without consent along a flow. */
public record DecisionMakerRole(String organisation, String title) {

    public DecisionMakerRole {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(title, "title");
    }
}
