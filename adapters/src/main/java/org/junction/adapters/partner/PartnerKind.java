package org.junction.adapters.partner;

/** The kind of organisation behind a partner system; agreements and rules refer to it. */
public enum PartnerKind {
    POLICE,
    COUNCIL,
    MASH,
    HEALTH,
    VOLUNTEER
}
