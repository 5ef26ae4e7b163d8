package org.junction.security.identity;

/** What a person (or an operator's tool) may do in the hub. Partner systems are not people: they get PARTNER. */
public enum Role {
    /** Configures partners, adapters and agreements. */
    HUB_ADMIN,
    /** Replays dead letters, pauses and resumes partners. */
    OPERATOR,
    /** Audits flows, verifies the ledger, answers subject access requests. */
    IG_LEAD,
    /** Decides held referrals its role titles are authorised for. */
    DECISION_MAKER
}
