package org.junction.mappings.canonical;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junction.mappings.fhir.JunctionSystems.*;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Extension;
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
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.junction.mappings.MappingContext;
import org.junction.mappings.labels.SecurityLabels;

/**
 * Builds the canonical FHIR message Bundle from a {@link ReferralModel}; every inbound mapper ends
 * here, so all partners' referrals have one shape, which {@link Referral#model()} reads back.
 *
 * <p>Every id and time comes from the model or the context: resource ids are name-based UUIDs of
 * the tracking id and the resource's role, so the same pair always yields the same Bundle.
 *
 * <p>Entries, in order: MessageHeader, ServiceRequest, Patient, one RelatedPerson per related
 * person, the sender Organization, the requester's Practitioner and PractitionerRole, the
 * supervisor's Practitioner and PractitionerRole, the risk Observation, the Consent. Absent parts
 * are left out; nothing else moves.
 */
public final class ReferralBundles {

    public static final String EVENT_REFERRAL_REQUEST = "referral-request";
    /** Observation.code of a risk assessment whose tool the sender did not name. */
    public static final String RISK_TOOL_NOT_SPECIFIED = "NOT_SPECIFIED";
    public static final String PROFESSIONAL_JUDGEMENT = "professional-judgement";
    public static final String JUDGEMENT_REASON = "judgement-reason";
    public static final String MARAC_REFERRAL = "marac-referral";
    public static final String NOTE_NARRATIVE = "NARRATIVE";
    public static final String DEFAULT_REFERRAL_KIND = "REFERRAL";

    /** Consent statuses that are the subject's own decision, so a FHIR Consent records them. */
    static final Set<String> CONSENT_DECISIONS = Set.of("GIVEN", "REFUSED", "WITHDRAWN");

    // The England verification codes are two digits; anything else is taken as a code of the named system.
    private static final Pattern ENGLAND_VERIFICATION_CODE = Pattern.compile("0[1-8]");
    // A BCP 47 tag (en, pl, pa-Arab-PK) is coded; anything else is kept as the sender's text.
    private static final Pattern LANGUAGE_TAG = Pattern.compile("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*");

    private final ReferralModel model;
    private final MappingContext ctx;

    private ReferralBundles(ReferralModel model, MappingContext ctx) {
        this.model = model;
        this.ctx = ctx;
    }

    public static Bundle toBundle(ReferralModel model, MappingContext context) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(context, "context");
        return new ReferralBundles(model, context).bundle();
    }

    /** The fullUrl a resource in a referral's Bundle gets for its role, e.g. {@code "patient"}. */
    public static String fullUrl(MappingContext ctx, String role) {
        return "urn:uuid:" + UUID.nameUUIDFromBytes((ctx.trackingId() + "/" + role).getBytes(UTF_8));
    }

    private String url(String role) {
        return fullUrl(ctx, role);
    }

    private Bundle bundle() {
        String trackingId = ctx.trackingId().toString();
        Bundle bundle = new Bundle();
        bundle.setId(trackingId);
        bundle.getMeta().setLastUpdatedElement(instant(ctx.receivedAt()));
        bundle.setIdentifier(new Identifier().setSystem(TRACKING_ID).setValue(trackingId));
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.setTimestampElement(instant(ctx.receivedAt()));

        add(bundle, "message-header", messageHeader());
        add(bundle, "service-request", serviceRequest());
        add(bundle, "patient", patient());
        for (int i = 0; i < model.relatedPersons().size(); i++) {
            add(bundle, relatedPersonRole(i), relatedPerson(model.relatedPersons().get(i)));
        }
        add(bundle, "sender-organization", organization());
        if (model.requester() != null) {
            add(bundle, "practitioner", practitioner(model.requester()));
            add(bundle, "practitioner-role", practitionerRole(model.requester(), "practitioner"));
        }
        if (model.supervisor() != null) {
            add(bundle, "supervisor-practitioner", practitioner(model.supervisor()));
            add(bundle, "supervisor-role", practitionerRole(model.supervisor(), "supervisor-practitioner"));
        }
        if (model.risk() != null) {
            add(bundle, "risk-observation", riskObservation(model.risk()));
        }
        if (hasConsentResource()) {
            add(bundle, "consent", consent());
        }
        SecurityLabels.apply(bundle, model);
        return bundle;
    }

    private static String relatedPersonRole(int index) {
        return "related-person-" + index;
    }

    private boolean hasConsentResource() {
        return CONSENT_DECISIONS.contains(model.consent().status());
    }

    private MessageHeader messageHeader() {
        MessageHeader header = new MessageHeader();
        header.setEvent(new Coding(MESSAGE_EVENT, EVENT_REFERRAL_REQUEST, null));
        header.getSource().setEndpoint(partnerEndpoint(ctx.senderPartnerId()));
        header.setSender(new Reference(url("sender-organization")));
        header.addFocus(new Reference(url("service-request")));
        return header;
    }

    private ServiceRequest serviceRequest() {
        ReferralModel.ConsentSummary consent = model.consent();
        ServiceRequest request = new ServiceRequest();
        request.addExtension(CONSENT_STATUS_EXTENSION, new CodeType(consent.status()));
        if (consent.reason() != null) {
            request.addExtension(CONSENT_STATUS_REASON_EXTENSION, new StringType(consent.reason()));
        }
        if (consent.recordedAt() != null && !hasConsentResource()) {
            request.addExtension(CONSENT_RECORDED_AT_EXTENSION, dateTime(consent.recordedAt()));
        }
        if (model.supervisor() != null) {
            request.addExtension(SUPERVISOR_EXTENSION, new Reference(url("supervisor-role")));
        }
        request.addIdentifier().setSystem(TRACKING_ID).setValue(ctx.trackingId().toString());
        if (model.sourceRef() != null) {
            request.addIdentifier().setSystem(SOURCE_REF).setValue(model.sourceRef())
                    .setAssigner(new Reference(url("sender-organization")));
        }
        if (model.incidentRef() != null) {
            request.addIdentifier().setSystem(INCIDENT_REF).setValue(model.incidentRef())
                    .setAssigner(new Reference(url("sender-organization")));
        }
        if (ctx.correlationId() != null) {
            request.setRequisition(new Identifier().setSystem(CORRELATION_ID).setValue(ctx.correlationId()));
        }
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addCategory(concept(REFERRAL_TYPE, model.referralType()));
        request.addCategory(concept(REFERRAL_KIND,
                model.referralKind() != null ? model.referralKind() : DEFAULT_REFERRAL_KIND));
        if (model.priority() != null) {
            request.setPriority(ServiceRequest.ServiceRequestPriority.fromCode(model.priority()));
        }
        if (model.requestedAction() != null) {
            request.setCode(new CodeableConcept().setText(model.requestedAction()));
        }
        if (model.requestedRecipientKind() != null) {
            request.setPerformerType(concept(RECIPIENT_KIND, model.requestedRecipientKind()));
        }
        if (model.requestedRecipient() != null) {
            // A logical reference: the sender names a hub partner, not a resource of the Bundle.
            request.addPerformer().setIdentifier(new Identifier().setSystem(PARTNER_ID)
                    .setValue(model.requestedRecipient()));
        }
        if (model.immediateRiskToLife()) {
            request.addExtension(IMMEDIATE_RISK_TO_LIFE_EXTENSION, new BooleanType(true));
        }
        request.setSubject(new Reference(url("patient")));
        if (model.occurredAt() != null) {
            request.setOccurrence(dateTime(model.occurredAt()));
        }
        request.setRequester(new Reference(url(model.requester() != null ? "practitioner-role" : "sender-organization")));
        for (String concern : model.concerns()) {
            request.addReasonCode(concept(CONCERN, concern));
        }
        if (model.risk() != null) {
            request.addSupportingInfo(new Reference(url("risk-observation")));
        }
        if (hasConsentResource()) {
            request.addSupportingInfo(new Reference(url("consent")));
        }
        if (model.narrative() != null) {
            request.addNote(note(NOTE_NARRATIVE, model.narrative()));
        }
        for (ReferralModel.NeedOrWish need : model.needs()) {
            request.addNote(note(need.kind(), need.text()));
        }
        return request;
    }

    private static Annotation note(String kind, String text) {
        Annotation note = new Annotation().setText(text);
        note.addExtension(NOTE_KIND_EXTENSION, new CodeType(kind));
        return note;
    }

    private Patient patient() {
        ReferralModel.Subject subject = model.subject();
        Patient patient = new Patient();
        boolean hasNhsNumber = false;
        for (ReferralModel.PersonIdentifier id : subject.identifiers()) {
            Identifier identifier = patient.addIdentifier().setSystem(id.system()).setValue(id.value());
            if (NHS_NUMBER.equals(id.system())) {
                hasNhsNumber = true;
                if (subject.nhsNumberVerification() != null) {
                    identifier.addExtension(NHS_NUMBER_VERIFICATION_STATUS_EXTENSION,
                            concept(verificationSystem(subject.nhsNumberVerification()), subject.nhsNumberVerification()));
                }
            }
        }
        if (!hasNhsNumber) {
            // UK Core lets a Patient go without an NHS number if it says why; police and
            // volunteer records mostly cannot say more than that the number is not known.
            patient.addExtension(NHS_NUMBER_UNAVAILABLE_REASON_EXTENSION,
                    concept(NHS_NUMBER_UNAVAILABLE_REASON, NHS_NUMBER_NOT_KNOWN));
        }
        if (subject.interpreterRequired()) {
            patient.addExtension(PATIENT_INTERPRETER_REQUIRED_EXTENSION, new BooleanType(true));
        }
        if (subject.communicationNeeds() != null) {
            patient.addExtension(COMMUNICATION_NEEDS_EXTENSION, new StringType(subject.communicationNeeds()));
        }
        addNames(patient.getName(), subject.name());
        for (ReferralModel.Contact contact : subject.contacts()) {
            patient.addTelecom(contactPoint(contact));
        }
        if (subject.gender() != null) {
            patient.setGender(AdministrativeGender.fromCode(subject.gender()));
        }
        if (subject.birthDate() != null) {
            patient.setBirthDateElement(birthDate(subject.birthDate(), subject.birthDateApproximate()));
        }
        for (ReferralModel.Address address : subject.addresses()) {
            patient.addAddress(address(address));
        }
        if (subject.language() != null) {
            patient.addCommunication().setLanguage(language(subject.language()));
        }
        if (subject.gpOdsCode() != null) {
            patient.addGeneralPractitioner(new Reference()
                    .setIdentifier(new Identifier().setSystem(ODS_ORGANIZATION_CODE).setValue(subject.gpOdsCode())));
        }
        return patient;
    }

    static String verificationSystem(String code) {
        return ENGLAND_VERIFICATION_CODE.matcher(code).matches()
                ? NHS_NUMBER_VERIFICATION_STATUS : NHS_NUMBER_VERIFICATION_STATUS_NAMED;
    }

    private static void addNames(List<HumanName> names, ReferralModel.Name name) {
        if (name == null) {
            return;
        }
        HumanName official = new HumanName().setUse(HumanName.NameUse.OFFICIAL).setFamily(name.family());
        name.given().forEach(official::addGiven);
        names.add(official);
        for (String alias : name.aliases()) {
            // An alias arrives as one string ("Ally Smith", "Big Al"), which does not split reliably.
            names.add(new HumanName().setUse(HumanName.NameUse.NICKNAME).setText(alias));
        }
    }

    private static DateType birthDate(java.time.LocalDate date, boolean approximate) {
        DateType birthDate = new DateType(date.toString());
        if (approximate) {
            birthDate.addExtension(BIRTH_DATE_APPROXIMATE_EXTENSION, new BooleanType(true));
        }
        return birthDate;
    }

    private static CodeableConcept language(String language) {
        return LANGUAGE_TAG.matcher(language).matches()
                ? concept(BCP_47, language)
                : new CodeableConcept().setText(language);
    }

    private static ContactPoint contactPoint(ReferralModel.Contact contact) {
        ContactPoint point = new ContactPoint()
                .setSystem(ContactPoint.ContactPointSystem.fromCode(contact.system()))
                .setValue(contact.value());
        if (contact.safeToContact() != null) {
            point.addExtension(SAFE_TO_CONTACT_EXTENSION, new BooleanType(contact.safeToContact()));
        }
        if (contact.safeTimes() != null) {
            point.addExtension(SAFE_CONTACT_TIMES_EXTENSION, new StringType(contact.safeTimes()));
        }
        return point;
    }

    private static org.hl7.fhir.r4.model.Address address(ReferralModel.Address from) {
        org.hl7.fhir.r4.model.Address address = new org.hl7.fhir.r4.model.Address();
        if (from.uprn() != null) {
            Extension key = address.addExtension().setUrl(ADDRESS_KEY_EXTENSION);
            key.addExtension("type", concept(ADDRESS_KEY_TYPE, "UPRN"));
            key.addExtension("value", new StringType(from.uprn()));
        }
        if (from.use() != null) {
            address.setUse(org.hl7.fhir.r4.model.Address.AddressUse.fromCode(from.use()));
        }
        from.lines().forEach(address::addLine);
        address.setCity(from.city());
        address.setDistrict(from.district());
        address.setPostalCode(from.postcode());
        return address;
    }

    private RelatedPerson relatedPerson(ReferralModel.RelatedPerson person) {
        RelatedPerson related = new RelatedPerson();
        if (person.presentAtIncident() != null) {
            related.addExtension(PRESENT_AT_INCIDENT_EXTENSION, new BooleanType(person.presentAtIncident()));
        }
        related.setPatient(new Reference(url("patient")));
        related.addRelationship(concept(RELATED_PERSON_ROLE, person.role()));
        if (person.relationship() != null) {
            related.addRelationship(new CodeableConcept().setText(person.relationship()));
        }
        addNames(related.getName(), person.name());
        if (person.birthDate() != null) {
            related.setBirthDateElement(new DateType(person.birthDate().toString()));
        }
        if (person.address() != null) {
            related.addAddress(address(person.address()));
        }
        return related;
    }

    private Organization organization() {
        Organization organization = new Organization();
        organization.addIdentifier().setSystem(PARTNER_ID).setValue(ctx.senderPartnerId());
        return organization;
    }

    private Practitioner practitioner(ReferralModel.Professional professional) {
        Practitioner practitioner = new Practitioner();
        if (professional.identifier() != null) {
            practitioner.addIdentifier().setSystem(staffId(ctx.senderPartnerId())).setValue(professional.identifier());
        }
        if (professional.name() != null) {
            // Officers give rank and name as one string ("PC Example"), which does not split reliably.
            practitioner.addName().setText(professional.name());
        }
        return practitioner;
    }

    private PractitionerRole practitionerRole(ReferralModel.Professional professional, String practitionerRole) {
        PractitionerRole role = new PractitionerRole();
        role.setPractitioner(new Reference(url(practitionerRole)));
        role.setOrganization(new Reference(url("sender-organization")).setDisplay(professional.organisation()));
        if (professional.role() != null) {
            role.addCode().setText(professional.role());
        }
        if (professional.team() != null) {
            role.addHealthcareService(new Reference().setDisplay(professional.team()));
        }
        if (professional.phone() != null) {
            role.addTelecom().setSystem(ContactPoint.ContactPointSystem.PHONE).setValue(professional.phone())
                    .setUse(ContactPoint.ContactPointUse.WORK);
        }
        if (professional.email() != null) {
            role.addTelecom().setSystem(ContactPoint.ContactPointSystem.EMAIL).setValue(professional.email())
                    .setUse(ContactPoint.ContactPointUse.WORK);
        }
        return role;
    }

    private Observation riskObservation(ReferralModel.Risk risk) {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(concept(RISK_TOOL, risk.tool() != null ? risk.tool() : RISK_TOOL_NOT_SPECIFIED));
        observation.setSubject(new Reference(url("patient")));
        if (risk.score() != null) {
            observation.setValue(new IntegerType(risk.score()));
        }
        if (risk.grade() != null) {
            observation.addInterpretation(concept(RISK_GRADE, risk.grade()));
        }
        observation.addComponent()
                .setCode(concept(RISK_COMPONENT, PROFESSIONAL_JUDGEMENT))
                .setValue(new BooleanType(risk.professionalJudgementApplied()));
        if (risk.judgementReason() != null) {
            observation.addComponent()
                    .setCode(concept(RISK_COMPONENT, JUDGEMENT_REASON))
                    .setValue(new StringType(risk.judgementReason()));
        }
        if (risk.maracReferral() != null) {
            observation.addComponent()
                    .setCode(concept(RISK_COMPONENT, MARAC_REFERRAL))
                    .setValue(new BooleanType(risk.maracReferral()));
        }
        return observation;
    }

    private Consent consent() {
        ReferralModel.ConsentSummary summary = model.consent();
        boolean given = "GIVEN".equals(summary.status());
        Consent consent = new Consent();
        // A withdrawn consent is one that no longer applies, and it refuses from then on.
        consent.setStatus("WITHDRAWN".equals(summary.status()) ? Consent.ConsentState.INACTIVE : Consent.ConsentState.ACTIVE);
        consent.setScope(concept(CONSENT_SCOPE, "patient-privacy"));
        consent.addCategory(concept(V3_ACT_CODE, "INFA"));
        consent.setPatient(new Reference(url("patient")));
        if (summary.recordedAt() != null) {
            consent.setDateTimeElement(dateTime(summary.recordedAt()));
        }
        consent.addOrganization(new Reference(url("sender-organization")));
        // R4 requires a policy or policy rule (ppc-1); the agreement behind the share is decided
        // later by the hub, so the rule records the subject's own opt-in or opt-out.
        consent.setPolicyRule(concept(V3_ACT_CODE, given ? "OPTIN" : "OPTOUT"));
        consent.getProvision()
                .setType(given ? Consent.ConsentProvisionType.PERMIT : Consent.ConsentProvisionType.DENY)
                .addPurpose(new Coding(V3_ACT_REASON, model.purpose(), null));
        return consent;
    }

    private void add(Bundle bundle, String role, Resource resource) {
        String fullUrl = url(role);
        resource.setId(fullUrl.substring("urn:uuid:".length()));
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    }

    private static CodeableConcept concept(String system, String code) {
        return new CodeableConcept(new Coding(system, code, null));
    }

    private static InstantType instant(Instant instant) {
        return new InstantType(iso(instant));
    }

    private static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(iso(instant));
    }

    // FHIR instants carry at most milliseconds, and a fixed UTC form keeps output independent of the JVM's zone.
    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
