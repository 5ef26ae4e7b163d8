package org.junction.mappings.fhir;

/**
 * Identifier systems, code systems and extension URLs used in the hub's canonical Bundle. The
 * hub's own live under one base so they can be published together as a FHIR package.
 */
public final class JunctionSystems {

    public static final String BASE = "https://fhir.junction-hub.org";

    // Identifier systems defined by the hub
    public static final String TRACKING_ID = BASE + "/Id/tracking-id";
    public static final String SOURCE_REF = BASE + "/Id/source-ref";
    public static final String INCIDENT_REF = BASE + "/Id/incident-ref";
    public static final String CORRELATION_ID = BASE + "/Id/correlation-id";
    public static final String PARTNER_ID = BASE + "/Id/partner-id";
    /** Nominal ids are only unique within one force: append {@code "/" + partnerId}, see {@link #policeNominal(String)}. */
    public static final String POLICE_NOMINAL = BASE + "/Id/police-nominal";
    /** Collar numbers are only unique within one force: append {@code "/" + partnerId}, see {@link #collarNumber(String)}. */
    public static final String COLLAR_NUMBER = BASE + "/Id/collar-number";
    /**
     * A practitioner's identifier at the sender (collar number, staff number, SDS user id): only
     * unique within one partner, append {@code "/" + partnerId}, see {@link #staffId(String)}.
     */
    public static final String STAFF_ID = BASE + "/Id/staff-id";

    // Code systems defined by the hub
    public static final String REFERRAL_TYPE = BASE + "/CodeSystem/referral-type";
    public static final String REFERRAL_KIND = BASE + "/CodeSystem/referral-kind";
    public static final String CONCERN = BASE + "/CodeSystem/concern";
    public static final String MESSAGE_EVENT = BASE + "/CodeSystem/message-event";
    public static final String GSCP_CLASSIFICATION = BASE + "/CodeSystem/gscp-classification";
    public static final String RISK_TOOL = BASE + "/CodeSystem/risk-tool";
    public static final String RISK_GRADE = BASE + "/CodeSystem/risk-grade";
    /** Parts of a risk Observation besides tool, score and grade: professional judgement, MARAC. */
    public static final String RISK_COMPONENT = BASE + "/CodeSystem/risk-component";
    /** ALLEGED_PERPETRATOR, VICTIM, CHILD_IN_HOUSEHOLD, CARER, NEXT_OF_KIN, OTHER. */
    public static final String RELATED_PERSON_ROLE = BASE + "/CodeSystem/related-person-role";
    /** Handling caveats carried as security labels, such as RESTRICTED_DISCLOSURE. */
    public static final String HANDLING_CAVEAT = BASE + "/CodeSystem/handling-caveat";
    public static final String RESTRICTED_DISCLOSURE = "RESTRICTED_DISCLOSURE";
    /** POLICE, COUNCIL, MASH, HEALTH, VOLUNTEER: the kind of recipient a sender asks for (ServiceRequest.performerType). */
    public static final String RECIPIENT_KIND = BASE + "/CodeSystem/recipient-kind";
    /** NARRATIVE, NEED or WHAT_MATTERS: what a ServiceRequest note holds. */
    public static final String NOTE_KIND = BASE + "/CodeSystem/note-kind";
    /**
     * One run of a bulk feed (a Bundle.meta.tag whose code is the run's batch id): the rows of
     * one file belong together, so they can be decided as one. An id only, nothing personal.
     */
    public static final String BULK_BATCH = BASE + "/CodeSystem/bulk-batch";

    // Extensions defined by the hub
    public static final String CONSENT_STATUS_EXTENSION = BASE + "/StructureDefinition/consent-status";
    /** Why consent was not asked, not sought or could not be given (valueString, on ServiceRequest). */
    public static final String CONSENT_STATUS_REASON_EXTENSION = BASE + "/StructureDefinition/consent-status-reason";
    /** When the consent status was recorded, when no Consent resource carries it (valueDateTime). */
    public static final String CONSENT_RECORDED_AT_EXTENSION = BASE + "/StructureDefinition/consent-recorded-at";
    /** The requester's supervisor (valueReference to a PractitionerRole, on ServiceRequest). */
    public static final String SUPERVISOR_EXTENSION = BASE + "/StructureDefinition/supervisor";
    /** The birth date is an estimate (valueBoolean, on Patient.birthDate or RelatedPerson.birthDate). */
    public static final String BIRTH_DATE_APPROXIMATE_EXTENSION = BASE + "/StructureDefinition/birth-date-approximate";
    /** Whether the sender says a contact channel is safe to use (valueBoolean, on ContactPoint). */
    public static final String SAFE_TO_CONTACT_EXTENSION = BASE + "/StructureDefinition/safe-to-contact";
    /** When contact through a channel is safe, in the sender's words (valueString, on ContactPoint). */
    public static final String SAFE_CONTACT_TIMES_EXTENSION = BASE + "/StructureDefinition/safe-contact-times";
    /** Disability or communication needs in the sender's words (valueString, on Patient). */
    public static final String COMMUNICATION_NEEDS_EXTENSION = BASE + "/StructureDefinition/communication-needs";
    /** Whether a related person was present at the incident (valueBoolean, on RelatedPerson). */
    public static final String PRESENT_AT_INCIDENT_EXTENSION = BASE + "/StructureDefinition/present-at-incident";
    /** What a ServiceRequest note holds (valueCode from {@link #NOTE_KIND}, on Annotation). */
    public static final String NOTE_KIND_EXTENSION = BASE + "/StructureDefinition/note-kind";

    /**
     * The sender says there is an immediate risk to life (valueBoolean, on ServiceRequest): what lets
     * an agreement's vital-interests path send without consent, subject to a retrospective record.
     */
    public static final String IMMEDIATE_RISK_TO_LIFE_EXTENSION = BASE + "/StructureDefinition/immediate-risk-to-life";

    /** Canonical URL prefix of the hub's ConceptMaps; the map's name follows. */
    public static final String CONCEPT_MAP_BASE = BASE + "/ConceptMap/";

    /** Prefix of {@code MessageHeader.source.endpoint}; the partner id follows it. */
    public static final String PARTNER_ENDPOINT_PREFIX = "urn:junction:partner:";

    // Standard systems
    public static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    public static final String V3_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
    public static final String V3_CONFIDENTIALITY = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
    public static final String V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    public static final String CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope";
    public static final String NHS_NUMBER_VERIFICATION_STATUS_EXTENSION =
            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberVerificationStatus";
    /** Codes 01..08, as NHS England systems send them. */
    public static final String NHS_NUMBER_VERIFICATION_STATUS =
            "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";
    /** Named codes such as {@code number-present-and-verified}, as BaRS examples use them. */
    public static final String NHS_NUMBER_VERIFICATION_STATUS_NAMED =
            "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatus";
    public static final String NHS_NUMBER_UNAVAILABLE_REASON_EXTENSION =
            "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberUnavailableReason";
    public static final String NHS_NUMBER_UNAVAILABLE_REASON =
            "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberUnavailableReason";
    public static final String NHS_NUMBER_NOT_KNOWN = "nhs-number-not-known";
    public static final String ADDRESS_KEY_EXTENSION = "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-AddressKey";
    public static final String ADDRESS_KEY_TYPE = "https://fhir.hl7.org.uk/CodeSystem/UKCore-AddressKeyType";
    public static final String ODS_ORGANIZATION_CODE = "https://fhir.nhs.uk/Id/ods-organization-code";
    public static final String PATIENT_INTERPRETER_REQUIRED_EXTENSION =
            "http://hl7.org/fhir/StructureDefinition/patient-interpreterRequired";
    public static final String BCP_47 = "urn:ietf:bcp:47";

    private JunctionSystems() {
    }

    public static String policeNominal(String partnerId) {
        return POLICE_NOMINAL + "/" + partnerId;
    }

    public static String collarNumber(String partnerId) {
        return COLLAR_NUMBER + "/" + partnerId;
    }

    public static String staffId(String partnerId) {
        return STAFF_ID + "/" + partnerId;
    }

    public static String partnerEndpoint(String partnerId) {
        return PARTNER_ENDPOINT_PREFIX + partnerId;
    }
}
