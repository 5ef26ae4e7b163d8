package org.junction.mappings.canonical;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The canonical referral as plain Java values: what every inbound mapper produces before the
 * canonical FHIR Bundle is built from it, and what every outbound renderer reads after the Bundle
 * is read back. The Bundle stays the canonical form on the wire and at rest; this model is its
 * typed shape in memory, so partner formats never walk FHIR resources themselves.
 *
 * <p>Optional values are null (single values) or empty (lists). Codes are the hub's own code
 * values (see {@code mappings/README.md}); partner code values are translated on the way in and
 * out through the ConceptMaps in {@code mappings/src/main/resources/conceptmaps}.
 *
 * @param sourceRef            the sender's own reference for the referral (PPN / PVP / case id)
 * @param incidentRef          the sender's incident or occurrence number
 * @param referralType         PPN_DOMESTIC_ABUSE, ADULT_AT_RISK, CHILD_CONCERN, MENTAL_HEALTH, MISSING,
 *                             SUBSTANCE_MISUSE, ASB, HOMELESSNESS, HIGH_DEMAND, EARLY_HELP, COMMUNITY_STEPDOWN
 * @param referralKind         REFERRAL or INFORMATION_ONLY
 * @param purpose              purpose of use (v3-ActReason code: PATSFTY, COC, ...)
 * @param priority             routine, urgent, asap or stat
 * @param concerns             concern codes (DA, MH, SM, ASB, HOMELESS, ...)
 * @param narrative            the sender's account of the incident or need; free text
 * @param occurredAt           when the incident happened
 * @param requestedAction      what the sender asks the recipient to do (free text)
 * @param classification       protective marking; never null
 * @param restrictedDisclosure the sender asks that this disclosure be withheld from subject access
 *                             responses until it releases it
 * @param requestedRecipientKind the kind of recipient the sender asks for, as a hub code (POLICE, COUNCIL,
 *                             MASH, HEALTH, VOLUNTEER); the hub picks the partner of that kind by area
 * @param requestedRecipient   the partner id of the one recipient the sender names; the hub checks it
 *                             serves the subject's area
 * @param immediateRiskToLife  the sender says there is an immediate risk to life (the vital-interests path)
 */
public record ReferralModel(
        String sourceRef,
        String incidentRef,
        String referralType,
        String referralKind,
        String purpose,
        String priority,
        Subject subject,
        List<RelatedPerson> relatedPersons,
        List<String> concerns,
        String narrative,
        Instant occurredAt,
        String requestedAction,
        Risk risk,
        Professional requester,
        Professional supervisor,
        ConsentSummary consent,
        Classification classification,
        boolean restrictedDisclosure,
        List<NeedOrWish> needs,
        String requestedRecipientKind,
        String requestedRecipient,
        boolean immediateRiskToLife) {

    public ReferralModel {
        Objects.requireNonNull(referralType, "referralType");
        Objects.requireNonNull(purpose, "purpose");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(consent, "consent");
        Objects.requireNonNull(classification, "classification");
        relatedPersons = List.copyOf(relatedPersons);
        concerns = List.copyOf(concerns);
        needs = List.copyOf(needs);
    }

    /** A referral that leaves the choice of recipients to the hub and flags no immediate risk to life. */
    public ReferralModel(String sourceRef, String incidentRef, String referralType, String referralKind, String purpose,
                         String priority, Subject subject, List<RelatedPerson> relatedPersons, List<String> concerns,
                         String narrative, Instant occurredAt, String requestedAction, Risk risk, Professional requester,
                         Professional supervisor, ConsentSummary consent, Classification classification,
                         boolean restrictedDisclosure, List<NeedOrWish> needs) {
        this(sourceRef, incidentRef, referralType, referralKind, purpose, priority, subject, relatedPersons, concerns,
                narrative, occurredAt, requestedAction, risk, requester, supervisor, consent, classification,
                restrictedDisclosure, needs, null, null, false);
    }

    /** An identifier of a person: NHS number, police nominal id, council person id... */
    public record PersonIdentifier(String system, String value) {
    }

    /**
     * @param given   given names in order
     * @param aliases other names the person is known by
     */
    public record Name(List<String> given, String family, List<String> aliases) {
        public Name {
            given = List.copyOf(given);
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
        }
    }

    /**
     * @param use  home, temp or old
     * @param uprn Unique Property Reference Number, when the sender knows it
     */
    public record Address(String use, List<String> lines, String city, String district, String postcode, String uprn) {
        public Address {
            lines = List.copyOf(lines);
        }
    }

    /**
     * A way to reach the person.
     *
     * @param system        phone, email or sms
     * @param safeToContact whether the sender says this channel is safe to use (a domestic abuse
     *                      victim's shared phone may not be); null when unknown
     * @param safeTimes     when contact is safe, in the sender's words
     */
    public record Contact(String system, String value, Boolean safeToContact, String safeTimes) {
    }

    /**
     * The person the referral is about.
     *
     * @param nhsNumberVerification UK Core verification status code (01..08) when an NHS number is present
     * @param gender                male, female, other or unknown
     * @param birthDateApproximate  the birth date is an estimate
     */
    public record Subject(List<PersonIdentifier> identifiers, String nhsNumberVerification, Name name,
                          LocalDate birthDate, boolean birthDateApproximate, String gender, List<Address> addresses,
                          List<Contact> contacts, String language, boolean interpreterRequired,
                          String communicationNeeds, String gpOdsCode) {
        public Subject {
            identifiers = List.copyOf(identifiers);
            addresses = List.copyOf(addresses);
            contacts = List.copyOf(contacts);
        }
    }

    /**
     * Someone connected to the subject.
     *
     * @param role         ALLEGED_PERPETRATOR, VICTIM, CHILD_IN_HOUSEHOLD, CARER, NEXT_OF_KIN or OTHER
     * @param relationship to the subject, in the hub's words (partner, ex-partner, parent, child, ...)
     */
    public record RelatedPerson(String role, Name name, LocalDate birthDate, String relationship,
                                Boolean presentAtIncident, Address address) {
    }

    /**
     * A risk assessment. Professional judgement may raise the grade the tool gives, never lower it.
     *
     * @param tool  DASH, DARA, THRIVE, MERLIN, LOCAL or another tool's code: none is assumed
     * @param grade STANDARD, MEDIUM, HIGH or NOT_ASSESSED
     */
    public record Risk(String tool, Integer score, String grade, boolean professionalJudgementApplied,
                       String judgementReason, Boolean maracReferral) {
    }

    /** A practitioner: the referring officer or worker, or their supervisor. */
    public record Professional(String name, String identifier, String role, String organisation, String team,
                               String phone, String email) {
    }

    /**
     * What the sender recorded about the person's consent.
     *
     * @param status     GIVEN, REFUSED, WITHDRAWN, NOT_ASKED, UNABLE or NOT_SOUGHT_RISK
     * @param reason     why consent was not asked or not sought, in the sender's words
     * @param recordedAt when it was given or refused
     */
    public record ConsentSummary(String status, String reason, Instant recordedAt) {
        public ConsentSummary {
            Objects.requireNonNull(status, "status");
        }
    }

    /**
     * Protective marking under the Government Security Classifications Policy.
     *
     * @param marking     OFFICIAL or OFFICIAL-SENSITIVE
     * @param descriptors handling descriptors such as PERSONAL
     */
    public record Classification(String marking, List<String> descriptors) {
        public Classification {
            Objects.requireNonNull(marking, "marking");
            descriptors = List.copyOf(descriptors);
        }

        public static Classification officialSensitivePersonal() {
            return new Classification("OFFICIAL-SENSITIVE", List.of("PERSONAL"));
        }
    }

    /**
     * A need or a "what matters to me" statement, as community and volunteer referrals carry them.
     *
     * @param kind NEED or WHAT_MATTERS
     */
    public record NeedOrWish(String kind, String text) {
    }
}
