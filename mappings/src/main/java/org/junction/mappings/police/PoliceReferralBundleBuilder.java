package org.junction.mappings.police;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junction.mappings.fhir.JunctionSystems.*;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junction.mappings.MappingContext;

/**
 * Builds the canonical message Bundle from a validated police referral. Every id and time comes
 * from the referral or the context, so the same pair always yields the same Bundle.
 */
final class PoliceReferralBundleBuilder {

    static final String EVENT_REFERRAL_REQUEST = "referral-request";
    static final String RISK_TOOL_NOT_SPECIFIED = "NOT_SPECIFIED";
    static final String NHS_NUMBER_PRESENT_NOT_TRACED = "02";

    private final PoliceReferral referral;
    private final MappingContext ctx;
    private final String messageHeaderUrl;
    private final String serviceRequestUrl;
    private final String patientUrl;
    private final String organizationUrl;
    private final String practitionerUrl;
    private final String practitionerRoleUrl;
    private final String observationUrl;
    private final String consentUrl;

    private PoliceReferralBundleBuilder(PoliceReferral referral, MappingContext ctx) {
        this.referral = referral;
        this.ctx = ctx;
        this.messageHeaderUrl = fullUrl("message-header");
        this.serviceRequestUrl = fullUrl("service-request");
        this.patientUrl = fullUrl("patient");
        this.organizationUrl = fullUrl("sender-organization");
        this.practitionerUrl = fullUrl("practitioner");
        this.practitionerRoleUrl = fullUrl("practitioner-role");
        this.observationUrl = fullUrl("risk-observation");
        this.consentUrl = fullUrl("consent");
    }

    static Bundle build(PoliceReferral referral, MappingContext ctx) {
        return new PoliceReferralBundleBuilder(referral, ctx).bundle();
    }

    private Bundle bundle() {
        String trackingId = ctx.trackingId().toString();
        Bundle bundle = new Bundle();
        bundle.setId(trackingId);
        bundle.getMeta().setLastUpdatedElement(instant(ctx.receivedAt()));
        bundle.getMeta().addSecurity(GSCP_CLASSIFICATION, "OFFICIAL-SENSITIVE", null);
        // R as well, because generic FHIR tooling knows v3 confidentiality but not GSCP.
        bundle.getMeta().addSecurity(V3_CONFIDENTIALITY, "R", null);
        bundle.getMeta().addSecurity(purpose());
        bundle.setIdentifier(new Identifier().setSystem(TRACKING_ID).setValue(trackingId));
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setTimestampElement(instant(ctx.receivedAt()));

        add(bundle, messageHeaderUrl, messageHeader());
        add(bundle, serviceRequestUrl, serviceRequest());
        add(bundle, patientUrl, patient());
        add(bundle, organizationUrl, organization());
        add(bundle, practitionerUrl, practitioner());
        add(bundle, practitionerRoleUrl, practitionerRole());
        add(bundle, observationUrl, riskObservation());
        if (referral.consent().isDecision()) {
            add(bundle, consentUrl, consent());
        }
        return bundle;
    }

    private MessageHeader messageHeader() {
        MessageHeader header = new MessageHeader();
        header.setEvent(new Coding(MESSAGE_EVENT, EVENT_REFERRAL_REQUEST, null));
        header.getSource().setEndpoint(partnerEndpoint(ctx.senderPartnerId()));
        header.setSender(new Reference(organizationUrl));
        header.addFocus(new Reference(serviceRequestUrl));
        return header;
    }

    private ServiceRequest serviceRequest() {
        ServiceRequest request = new ServiceRequest();
        request.addExtension(CONSENT_STATUS_EXTENSION, new CodeType(referral.consent().status()));
        request.addIdentifier().setSystem(TRACKING_ID).setValue(ctx.trackingId().toString());
        request.addIdentifier().setSystem(SOURCE_REF).setValue(referral.sourceRef())
                .setAssigner(new Reference(organizationUrl));
        if (referral.incidentRef() != null) {
            request.addIdentifier().setSystem(INCIDENT_REF).setValue(referral.incidentRef())
                    .setAssigner(new Reference(organizationUrl));
        }
        if (ctx.correlationId() != null) {
            request.setRequisition(new Identifier().setSystem(CORRELATION_ID).setValue(ctx.correlationId()));
        }
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(concept(REFERRAL_TYPE, referral.referralType()));
        request.addCategory(concept(REFERRAL_KIND, referral.referralKind()));
        request.setPriority(ServiceRequest.ServiceRequestPriority.fromCode(referral.priority()));
        request.setSubject(new Reference(patientUrl));
        request.setRequester(new Reference(practitionerRoleUrl));
        for (String concern : referral.concerns()) {
            request.addReasonCode(concept(CONCERN, concern));
        }
        request.addSupportingInfo(new Reference(observationUrl));
        if (referral.consent().isDecision()) {
            request.addSupportingInfo(new Reference(consentUrl));
        }
        request.addNote(new Annotation().setText(referral.narrative()));
        return request;
    }

    private Patient patient() {
        PoliceReferral.Subject subject = referral.subject();
        Patient patient = new Patient();
        if (subject.nhsNumber() != null) {
            Identifier nhs = patient.addIdentifier().setSystem(NHS_NUMBER).setValue(subject.nhsNumber());
            // Police hold the number as told to them; nobody has traced it against PDS yet.
            nhs.addExtension(NHS_NUMBER_VERIFICATION_STATUS_EXTENSION,
                    concept(NHS_NUMBER_VERIFICATION_STATUS, NHS_NUMBER_PRESENT_NOT_TRACED));
        }
        if (subject.policeNominalId() != null) {
            patient.addIdentifier().setSystem(policeNominal(ctx.senderPartnerId())).setValue(subject.policeNominalId());
        }
        HumanName name = patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily(subject.family());
        subject.given().forEach(name::addGiven);
        if (subject.gender() != null) {
            patient.setGender(AdministrativeGender.fromCode(subject.gender()));
        }
        patient.setBirthDateElement(new DateType(subject.birthDate().toString()));
        PoliceReferral.Address from = subject.address();
        Address address = patient.addAddress().setUse(Address.AddressUse.HOME);
        from.lines().forEach(address::addLine);
        address.setCity(from.city());
        address.setPostalCode(from.postcode());
        return patient;
    }

    private Organization organization() {
        Organization organization = new Organization();
        organization.addIdentifier().setSystem(PARTNER_ID).setValue(ctx.senderPartnerId());
        return organization;
    }

    private Practitioner practitioner() {
        PoliceReferral.Officer officer = referral.officer();
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier().setSystem(collarNumber(ctx.senderPartnerId())).setValue(officer.collarNumber());
        // Officers give rank and name as one string ("PC Example"), which does not split reliably.
        practitioner.addName().setText(officer.name());
        return practitioner;
    }

    private PractitionerRole practitionerRole() {
        PractitionerRole role = new PractitionerRole();
        role.setPractitioner(new Reference(practitionerUrl));
        role.setOrganization(new Reference(organizationUrl));
        if (referral.officer().station() != null) {
            role.addLocation(new Reference().setDisplay(referral.officer().station()));
        }
        return role;
    }

    private Observation riskObservation() {
        PoliceReferral.Risk risk = referral.risk();
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(concept(RISK_TOOL, risk.tool() != null ? risk.tool() : RISK_TOOL_NOT_SPECIFIED));
        observation.setSubject(new Reference(patientUrl));
        if (risk.score() != null) {
            observation.setValue(new IntegerType(risk.score()));
        }
        observation.addInterpretation(concept(RISK_GRADE, risk.grade()));
        return observation;
    }

    private Consent consent() {
        boolean given = "GIVEN".equals(referral.consent().status());
        Consent consent = new Consent();
        consent.setStatus(Consent.ConsentState.ACTIVE);
        consent.setScope(concept(CONSENT_SCOPE, "patient-privacy"));
        consent.addCategory(concept(V3_ACT_CODE, "INFA"));
        consent.setPatient(new Reference(patientUrl));
        consent.setDateTimeElement(new DateTimeType(iso(referral.consent().recordedAt())));
        consent.addOrganization(new Reference(organizationUrl));
        // R4 requires a policy or policy rule (ppc-1); the agreement behind the share is decided
        // later by the hub, so the rule records the subject's own opt-in or opt-out.
        consent.setPolicyRule(concept(V3_ACT_CODE, given ? "OPTIN" : "OPTOUT"));
        consent.getProvision()
                .setType(given ? Consent.ConsentProvisionType.PERMIT : Consent.ConsentProvisionType.DENY)
                .addPurpose(purpose());
        return consent;
    }

    private Coding purpose() {
        return new Coding(V3_ACT_REASON, referral.purpose(), null);
    }

    private String fullUrl(String role) {
        return "urn:uuid:" + resourceId(role);
    }

    private String resourceId(String role) {
        return UUID.nameUUIDFromBytes((ctx.trackingId() + "/" + role).getBytes(UTF_8)).toString();
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        resource.setId(fullUrl.substring("urn:uuid:".length()));
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private static InstantType instant(Instant instant) {
        return new InstantType(iso(instant));
    }

    // FHIR instants carry at most milliseconds, and a fixed UTC form keeps output independent of the JVM's zone.
    private static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
