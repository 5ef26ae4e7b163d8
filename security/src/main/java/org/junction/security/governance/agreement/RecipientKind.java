package org.junction.security.governance.agreement;

/**
 * The kind of organisation a recipient is. The names match the adapters' partner kinds so the hub
 * maps one to the other by name; security cannot depend on adapters.
 */
public enum RecipientKind {
    POLICE,
    COUNCIL,
    MASH,
    HEALTH,
    /** Volunteer and other voluntary, community and social enterprise organisations. */
    VOLUNTEER;

    /**
     * Whether the recipient has statutory safeguarding functions. Non-statutory recipients offer
     * voluntary engagement, so sharing with them needs consent unless an agreement explicitly says otherwise.
     */
    public boolean statutory() {
        return this != VOLUNTEER;
    }
}
