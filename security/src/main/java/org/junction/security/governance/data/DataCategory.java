package org.junction.security.governance.data;

import java.util.EnumSet;
import java.util.Set;

/**
 * What kind of personal data an item holds. Agreements permit categories; every decision records
 * the categories each recipient received (ICO data sharing code: "what you have shared").
 */
public enum DataCategory {
    /** Who the person is: names, identifiers, birth date, gender. */
    IDENTITY,
    /** How and where to reach the person. */
    CONTACT,
    HEALTH,
    MENTAL_HEALTH,
    SUBSTANCE_MISUSE,
    SEXUAL_LIFE,
    ETHNICITY,
    /** Alleged offences, offenders and police involvement (UK GDPR Art 10). */
    CRIMINAL_ALLEGATION,
    DOMESTIC_ABUSE,
    /** Information about a child, whether the subject or someone in the household. */
    CHILD,
    /** Information about someone other than the subject (household, alleged perpetrator, carer). */
    THIRD_PARTY,
    /** Housing, care needs, self-neglect and similar social circumstances. */
    SOCIAL_CARE,
    /** Details of the practitioners who made or supervised the referral. */
    PROFESSIONAL,
    /** Facts about the referral itself (type, priority, consent status, marking). */
    REFERRAL,
    /**
     * A concern code the hub cannot classify. No agreement may permit it, so anything carrying it
     * is withheld until the vocabulary knows the code.
     */
    UNCLASSIFIED;

    private static final Set<DataCategory> ART9 = EnumSet.of(HEALTH, MENTAL_HEALTH, SUBSTANCE_MISUSE, SEXUAL_LIFE,
            ETHNICITY);

    /** UK GDPR Art 9 special category data. */
    public boolean specialCategory() {
        return ART9.contains(this);
    }

    /** UK GDPR Art 10 criminal offence data. */
    public boolean criminalOffence() {
        return this == CRIMINAL_ALLEGATION;
    }

    /** Whether an agreement may name this category. */
    public boolean permittable() {
        return this != UNCLASSIFIED;
    }
}
