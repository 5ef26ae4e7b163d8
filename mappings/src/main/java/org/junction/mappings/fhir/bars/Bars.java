package org.junction.mappings.fhir.bars;

import org.junction.mappings.fhir.JunctionSystems;

/**
 * The NHS Booking and Referral Standard (BaRS) and UK Core names the hub's FHIR partner formats
 * use. Kept here until the hub-wide system list carries them.
 */
public final class Bars {

    /** Format id of the BaRS-style referral message, in and out. */
    public static final String MAPPER_ID = "fhir-bars-r4-v1";

    public static final String MESSAGE_EVENTS = "https://fhir.nhs.uk/CodeSystem/message-events-bars";
    public static final String MESSAGE_REASONS = "https://fhir.nhs.uk/CodeSystem/message-reason-bars";
    public static final String EVENT_SERVICE_REQUEST_REQUEST = "servicerequest-request";
    public static final String EVENT_SERVICE_REQUEST_RESPONSE = "servicerequest-response";
    public static final String REASON_NEW = "new";
    public static final String REASON_UPDATE = "update";

    /** The hub's MessageDefinition of a safeguarding referral sent to a health recipient. */
    public static final String DEFINITION_REQUEST =
            JunctionSystems.BASE + "/MessageDefinition/safeguarding-referral-request";
    /** The hub's MessageDefinition of the stripped-back update that cancels a referral. */
    public static final String DEFINITION_CANCELLATION =
            JunctionSystems.BASE + "/MessageDefinition/safeguarding-referral-cancellation";

    /** {@code MessageHeader.source.endpoint} of messages the hub sends; replies come back to it. */
    public static final String HUB_ENDPOINT = "urn:junction:hub";
    public static final String HUB_NAME = "Junction hub";

    public static final String UK_CORE_PROFILE_PREFIX = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-";

    static final String URI_SYSTEM = "urn:ietf:rfc:3986";
    static final String URN_UUID = "urn:uuid:";

    private Bars() {
    }

    /** The UK Core profile of a resource type, e.g. {@code UKCore-Patient} for {@code Patient}. */
    public static String ukCoreProfile(String resourceType) {
        return UK_CORE_PROFILE_PREFIX + resourceType;
    }
}
