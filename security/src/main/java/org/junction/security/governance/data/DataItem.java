package org.junction.security.governance.data;

import static org.junction.security.governance.data.DataCategory.CHILD;
import static org.junction.security.governance.data.DataCategory.CONTACT;
import static org.junction.security.governance.data.DataCategory.CRIMINAL_ALLEGATION;
import static org.junction.security.governance.data.DataCategory.IDENTITY;
import static org.junction.security.governance.data.DataCategory.PROFESSIONAL;
import static org.junction.security.governance.data.DataCategory.REFERRAL;
import static org.junction.security.governance.data.DataCategory.SOCIAL_CARE;
import static org.junction.security.governance.data.DataCategory.THIRD_PARTY;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The fixed catalogue of data items an agreement's allow-list names, each a part of the canonical
 * referral ({@code ReferralModel}) with the categories it holds. Some items are reduced forms of
 * another (postcode district of the address, birth year of the birth date, safe channels of the
 * contacts): an agreement names the reduced form when the recipient needs no more.
 *
 * <p>Items marked "carries concerns" also hold the categories of the referral's concerns (see
 * {@link ConcernCategories}): a narrative about domestic abuse is domestic abuse data.
 */
public enum DataItem {
    /**
     * Referral type, kind, purpose, priority, protective marking and consent status: what any
     * recipient needs to handle the message at all. Always disclosed.
     */
    REFERRAL_ENVELOPE("referral.envelope", false, REFERRAL),
    REFERRAL_SOURCE_REFERENCES("referral.source-references", false, REFERRAL),
    SUBJECT_NHS_NUMBER("subject.nhs-number", false, IDENTITY),
    /** Police nominal, council person and other non-NHS identifiers. */
    SUBJECT_OTHER_IDENTIFIERS("subject.other-identifiers", false, IDENTITY),
    SUBJECT_NAME("subject.name", false, IDENTITY),
    SUBJECT_ALIASES("subject.aliases", false, IDENTITY),
    SUBJECT_BIRTH_DATE("subject.birth-date", false, IDENTITY),
    /** The birth date reduced to its year (sent as 1 January, marked approximate). */
    SUBJECT_BIRTH_YEAR("subject.birth-year", false, IDENTITY),
    SUBJECT_GENDER("subject.gender", false, IDENTITY),
    SUBJECT_ADDRESS("subject.address", false, CONTACT),
    /** The current address reduced to its postcode district (outward code). */
    SUBJECT_POSTCODE_DISTRICT("subject.postcode-district", false, CONTACT),
    SUBJECT_CONTACTS("subject.contacts", false, CONTACT),
    /** Only the channels the sender marked safe to contact, with their safe times. */
    SUBJECT_SAFE_CONTACTS("subject.safe-contacts", false, CONTACT),
    /** Language, interpreter need and communication needs. */
    SUBJECT_COMMUNICATION("subject.communication", false, CONTACT),
    SUBJECT_GP_PRACTICE("subject.gp-practice", false, IDENTITY),
    RELATED_CHILD_IN_HOUSEHOLD("related.child-in-household", false, IDENTITY, CONTACT, THIRD_PARTY, CHILD),
    RELATED_ALLEGED_PERPETRATOR("related.alleged-perpetrator", false, IDENTITY, CONTACT, THIRD_PARTY,
            CRIMINAL_ALLEGATION),
    RELATED_VICTIM("related.victim", false, IDENTITY, CONTACT, THIRD_PARTY),
    RELATED_CARER("related.carer", false, IDENTITY, CONTACT, THIRD_PARTY),
    RELATED_NEXT_OF_KIN("related.next-of-kin", false, IDENTITY, CONTACT, THIRD_PARTY),
    RELATED_OTHER("related.other", false, IDENTITY, CONTACT, THIRD_PARTY),
    CONCERNS("referral.concerns", true),
    NARRATIVE("referral.narrative", true),
    OCCURRED_AT("referral.occurred-at", false, REFERRAL),
    REQUESTED_ACTION("referral.requested-action", false, SOCIAL_CARE),
    RISK("referral.risk", true, REFERRAL),
    /** The referring practitioner in full (name, identifier, role, phone, email). */
    REQUESTER("referral.requester", false, PROFESSIONAL),
    /** Only the referrer's organisation and team: how to reach them without a person's details. */
    REQUESTER_ORGANISATION("referral.requester-organisation", false, PROFESSIONAL),
    SUPERVISOR("referral.supervisor", false, PROFESSIONAL),
    /** The reason consent was or was not obtained, and when it was recorded. */
    CONSENT_SUMMARY("referral.consent-summary", false, REFERRAL),
    /** Needs and "what matters to me" statements. */
    NEEDS("referral.needs", false, SOCIAL_CARE);

    private static final Map<String, DataItem> BY_KEY = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(DataItem::key, Function.identity()));

    private final String key;
    private final boolean carriesConcerns;
    private final Set<DataCategory> categories;

    DataItem(String key, boolean carriesConcerns, DataCategory... categories) {
        this.key = key;
        this.carriesConcerns = carriesConcerns;
        this.categories = categories.length == 0 ? Set.of() : Set.copyOf(EnumSet.copyOf(Arrays.asList(categories)));
    }

    /** The name agreements use, e.g. {@code subject.postcode-district}. */
    public String key() {
        return key;
    }

    /** The categories the item always holds, before those of the referral's concerns. */
    public Set<DataCategory> categories() {
        return categories;
    }

    /** Whether the item also holds the categories of the referral's concerns. */
    public boolean carriesConcerns() {
        return carriesConcerns;
    }

    /** Whether this item is about the subject (and so about a child when the subject is one). */
    public boolean aboutSubject() {
        return key.startsWith("subject.");
    }

    /** Whether this item is about someone other than the subject. */
    public boolean aboutThirdParty() {
        return key.startsWith("related.");
    }

    public static Optional<DataItem> byKey(String key) {
        return Optional.ofNullable(BY_KEY.get(key));
    }

    /** The item that carries related persons of this role (ALLEGED_PERPETRATOR, CHILD_IN_HOUSEHOLD, ...). */
    public static DataItem forRelatedRole(String role) {
        if (role == null) {
            return RELATED_OTHER;
        }
        return switch (role) {
            case "CHILD_IN_HOUSEHOLD" -> RELATED_CHILD_IN_HOUSEHOLD;
            case "ALLEGED_PERPETRATOR" -> RELATED_ALLEGED_PERPETRATOR;
            case "VICTIM" -> RELATED_VICTIM;
            case "CARER" -> RELATED_CARER;
            case "NEXT_OF_KIN", "NOK" -> RELATED_NEXT_OF_KIN;
            default -> RELATED_OTHER;
        };
    }
}
