package org.junction.console.scope;

import java.util.Optional;
import java.util.UUID;
import org.junction.security.identity.Person;

/**
 * What a person may see: what their organisation's partner systems sent or received, or everything
 * when they hold hub-wide scope. The hub implements this from the partners in force.
 */
public interface Visibility {

    /** Whether {@code person} sees this partner's flows; false for a partner not configured now (unless hub-wide). */
    boolean sees(Person person, String partnerId);

    /** The partner that sent a referral, when the hub still knows it. */
    Optional<String> senderOf(UUID trackingId);

    /** Whether the caller holds hub-wide scope; null (a caller that is not a person) does not. */
    static boolean hubWide(Person person) {
        return person != null && person.hubWide();
    }
}
