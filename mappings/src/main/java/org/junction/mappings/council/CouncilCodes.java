package org.junction.mappings.council;

import java.util.Optional;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.fhir.JunctionSystems;

/**
 * The council code tables and identifier systems, shared by the council JSON mapper and both
 * renderers. Every table maps one council code to one hub code, so the same file serves the way
 * in ({@link CodeTables#translate}) and the way out ({@link CodeTables#reverse}).
 */
final class CouncilCodes {

    static final String REFERRAL_TYPE = "council-referral-type";
    static final String CONCERN = "council-concern";
    static final String GENDER = "council-gender";
    static final String PRIORITY = "council-priority";
    static final String RISK_RATING = "council-risk-rating";
    static final String CONSENT_STATUS = "council-consent-status";
    static final String HOUSEHOLD_ROLE = "council-household-role";
    static final String ADDRESS_TYPE = "council-address-type";
    static final String CONTACT_CHANNEL = "council-contact-channel";

    /**
     * Person ids of council case systems are only unique within one council, so the partner id
     * ends the system URI. Stands in for a {@code JunctionSystems.laPerson(partnerId)} until the
     * hub's list of systems carries one.
     */
    static final String LA_PERSON = JunctionSystems.BASE + "/Id/la-person";

    static final String VERIFIED = "01";
    static final String PRESENT_NOT_TRACED = "02";

    private CouncilCodes() {
    }

    static String laPerson(String partnerId) {
        return LA_PERSON + "/" + partnerId;
    }

    /** The council code for a hub code. */
    static String toCouncil(String table, String hubCode) {
        return CodeTables.reverse(table, hubCode).orElseThrow(() -> new IllegalArgumentException(
                // Hub codes are the hub's own vocabulary, never personal data, so naming one is safe.
                "hub code " + hubCode + " has no council code in " + table));
    }

    /** The council code for a hub code that may be absent. */
    static String toCouncilOrNull(String table, String hubCode) {
        return hubCode == null ? null : toCouncil(table, hubCode);
    }

    static Optional<String> toHub(String table, String councilCode) {
        return CodeTables.translate(table, councilCode);
    }
}
