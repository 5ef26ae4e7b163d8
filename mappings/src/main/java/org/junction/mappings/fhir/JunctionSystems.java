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

    // Code systems defined by the hub
    public static final String REFERRAL_TYPE = BASE + "/CodeSystem/referral-type";
    public static final String REFERRAL_KIND = BASE + "/CodeSystem/referral-kind";
    public static final String CONCERN = BASE + "/CodeSystem/concern";
    public static final String MESSAGE_EVENT = BASE + "/CodeSystem/message-event";
    public static final String GSCP_CLASSIFICATION = BASE + "/CodeSystem/gscp-classification";
    public static final String RISK_TOOL = BASE + "/CodeSystem/risk-tool";
    public static final String RISK_GRADE = BASE + "/CodeSystem/risk-grade";

    // Extensions defined by the hub
    public static final String CONSENT_STATUS_EXTENSION = BASE + "/StructureDefinition/consent-status";

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
    public static final String NHS_NUMBER_VERIFICATION_STATUS =
            "https://fhir.hl7.org.uk/CodeSystem/UKCore-NHSNumberVerificationStatusEngland";

    private JunctionSystems() {
    }

    public static String policeNominal(String partnerId) {
        return POLICE_NOMINAL + "/" + partnerId;
    }

    public static String collarNumber(String partnerId) {
        return COLLAR_NUMBER + "/" + partnerId;
    }

    public static String partnerEndpoint(String partnerId) {
        return PARTNER_ENDPOINT_PREFIX + partnerId;
    }
}
