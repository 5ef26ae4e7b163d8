package org.junction.security.governance.agreement;

import java.util.Objects;

/**
 * An organisation party to an agreement.
 *
 * @param organisation the organisation id partner files name ({@code organisation:}, or the partner id)
 * @param regime       UKGDPR, or PART3 for a competent authority processing for law enforcement purposes
 */
public record Party(String organisation, String name, Role role, Regime regime) {

    public enum Role { CONTROLLER, JOINT_CONTROLLER, PROCESSOR }

    public enum Regime { UKGDPR, PART3 }

    public Party {
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(regime, "regime");
    }
}
