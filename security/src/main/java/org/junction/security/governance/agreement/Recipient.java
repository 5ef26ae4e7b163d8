package org.junction.security.governance.agreement;

import java.util.Objects;

/**
 * The facts about a recipient partner the governance needs.
 *
 * @param partnerId    the partner id (queues, ledger records and flows use it)
 * @param organisation the organisation the partner system belongs to (a party of the agreement)
 */
public record Recipient(String partnerId, String organisation, RecipientKind kind) {

    public Recipient {
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(kind, "kind");
    }
}
