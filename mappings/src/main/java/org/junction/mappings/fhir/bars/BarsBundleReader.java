package org.junction.mappings.fhir.bars;

import static org.junction.mappings.fhir.JunctionSystems.*;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
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
import org.hl7.fhir.r4.model.Type;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.labels.SecurityLabels;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.problem.Violation;

/**
 * Checks a partner's BaRS-style message Bundle and reads it into a {@link ReferralModel}. Every
 * problem is collected, each named by its FHIR path ({@code Bundle.entry[1].resource.status});
 * reasons never repeat a value from the message.
 *
 * <p>FHIR validation does not check a message against its MessageDefinition, so the hub's
 * definition is checked here: one MessageHeader, first; event {@code servicerequest-request};
 * reason {@code new} or {@code update}; a {@code definition}; exactly one {@code focus}, resolving
 * to the one ServiceRequest, whose subject resolves to the one Patient.
 */
final class BarsBundleReader {

    static final String VERIFICATION_MAP = "bars-nhs-number-verification";
    static final String REFERRAL_TYPE_MAP = "bars-referral-type";
    static final String CONCERN_MAP = "bars-concern";

    /** Purpose of use when the message carries none: the hub's safeguarding referrals are shared for the subject's safety. */
    static final String DEFAULT_PURPOSE = "PATSFTY";
    static final int SHORT_TEXT_MAX = 200;
    static final int LONG_TEXT_MAX = 10_000;

    private static final Set<String> PURPOSES = Set.of("TREAT", "ETREAT", "COC", "CAREMGT", "PATSFTY", "PUBHLTH",
            "THREAT", "HLEGAL", "GOV", "PATRQT", "FAMRQT", "SUPNWK");
    private static final Set<String> CONSENT_STATUSES = Set.of("GIVEN", "REFUSED", "WITHDRAWN", "NOT_ASKED", "UNABLE",
            "NOT_SOUGHT_RISK");
    private static final Set<String> REFERRAL_KINDS = Set.of("REFERRAL", "INFORMATION_ONLY");
    private static final Set<String> RECIPIENT_KINDS = Set.of("POLICE", "COUNCIL", "MASH", "HEALTH", "VOLUNTEER");
    private static final java.util.regex.Pattern PARTNER_ID_PATTERN = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final Set<String> RISK_GRADES = Set.of("STANDARD", "MEDIUM", "HIGH", "NOT_ASSESSED");
    private static final Set<String> RELATED_ROLES = Set.of("ALLEGED_PERPETRATOR", "VICTIM", "CHILD_IN_HOUSEHOLD",
            "CARER", "NEXT_OF_KIN", "OTHER");
    private static final Set<String> NOTE_KINDS = Set.of("NARRATIVE", "NEED", "WHAT_MATTERS");
    private static final Set<String> ADDRESS_USES = Set.of("home", "temp", "old");
    private static final Set<String> CONTACT_SYSTEMS = Set.of("phone", "email", "sms");
    private static final String RISK_TOOL_NOT_SPECIFIED = "NOT_SPECIFIED";
    private static final String PROFESSIONAL_JUDGEMENT = "professional-judgement";
    private static final String JUDGEMENT_REASON = "judgement-reason";
    private static final String MARAC_REFERRAL = "marac-referral";
    private static final String WITHDRAWN = "WITHDRAWN";

    private final Bundle bundle;
    private final Instant receivedAt;
    private final List<Violation> found = new ArrayList<>();
    private final Map<String, Integer> entryByReference = new HashMap<>();
    private final Map<Resource, Integer> entryOfResource = new java.util.IdentityHashMap<>();

    private BarsBundleReader(Bundle bundle, Instant receivedAt) {
        this.bundle = bundle;
        this.receivedAt = receivedAt;
    }

    /** The model, or every violation found; never both. */
    record Result(ReferralModel model, List<Violation> violations) {
        Result {
            violations = List.copyOf(violations);
        }
    }

    static Result read(Bundle bundle, Instant receivedAt) {
        return new BarsBundleReader(bundle, receivedAt).read();
    }

    private Result read() {
        index();
        checkEnvelope();
        MessageHeader header = header();
        ServiceRequest request = header == null ? null : focus(header);
        checkCardinalities();
        Patient patient = request == null ? null : subject(request);
        if (header == null || request == null || patient == null) {
            return failed();
        }
        String reason = checkHeader(header);

        ReferralModel.ConsentSummary consent = consent(request);
        checkStatus(request, reason, consent);
        ReferralModel model = model(request, patient, consent);
        return found.isEmpty() ? new Result(model, List.of()) : failed();
    }

    private Result failed() {
        if (found.isEmpty()) {
            throw new IllegalStateException("a refused message must name at least one violation");
        }
        return new Result(null, found.stream().distinct().toList());
    }

    // ---------------------------------------------------------------- structure

    private void index() {
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
            Resource resource = entry.getResource();
            if (entry.hasFullUrl()) {
                entryByReference.putIfAbsent(entry.getFullUrl(), i);
            }
            if (resource == null) {
                continue;
            }
            entryOfResource.put(resource, i);
            if (resource.getIdElement().hasIdPart()) {
                String typeAndId = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                entryByReference.putIfAbsent(typeAndId, i);
                if (entry.hasFullUrl() && entry.getFullUrl().endsWith("/" + typeAndId)) {
                    entryByReference.putIfAbsent(entry.getFullUrl(), i);
                }
            }
        }
    }

    private void checkEnvelope() {
        if (!bundle.hasType()) {
            malformed("Bundle.type", "is required");
        } else if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            rule("Bundle.type", "must be message");
        }
        if (!bundle.hasEntry()) {
            malformed("Bundle.entry", "is required");
        }
        for (int i = 0; i < bundle.getEntry().size(); i++) {
            Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
            if (!entry.hasFullUrl()) {
                malformed("Bundle.entry[" + i + "].fullUrl", "is required");
            }
            if (entry.getResource() == null) {
                malformed("Bundle.entry[" + i + "].resource", "is required");
            }
        }
    }

    private MessageHeader header() {
        if (bundle.hasEntry() && bundle.getEntryFirstRep().getResource() instanceof MessageHeader header) {
            return header;
        }
        if (bundle.hasEntry() && bundle.getEntryFirstRep().getResource() != null) {
            malformed("Bundle.entry[0].resource", "must be the MessageHeader");
        }
        return null;
    }

    private ServiceRequest focus(MessageHeader header) {
        String path = "Bundle.entry[0].resource.focus";
        if (header.getFocus().size() != 1) {
            rule(path, header.hasFocus() ? "must reference exactly one resource, the ServiceRequest"
                    : "is required");
            if (!header.hasFocus()) {
                return null;
            }
        }
        Resource focus = resolve(header.getFocusFirstRep());
        if (focus == null) {
            rule(path + "[0]", "does not resolve to an entry of the Bundle");
            return null;
        }
        if (!(focus instanceof ServiceRequest request)) {
            rule(path + "[0]", "must reference the ServiceRequest");
            return null;
        }
        return request;
    }

    // The hub's MessageDefinition: MessageHeader 1..1, ServiceRequest 1..1, Patient 1..1.
    private void checkCardinalities() {
        for (Class<? extends Resource> type : List.of(MessageHeader.class, ServiceRequest.class, Patient.class)) {
            List<Integer> entries = new ArrayList<>();
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                if (type.isInstance(bundle.getEntry().get(i).getResource())) {
                    entries.add(i);
                }
            }
            String name = type.getSimpleName();
            if (entries.isEmpty() && type != MessageHeader.class) {
                malformed("Bundle.entry", "must hold a " + name);
            }
            for (int i = 1; i < entries.size(); i++) {
                rule("Bundle.entry[" + entries.get(i) + "].resource", "is a second " + name
                        + "; the message definition allows one");
            }
        }
    }

    private Patient subject(ServiceRequest request) {
        String path = path(request) + ".subject";
        if (!request.hasSubject()) {
            malformed(path, "is required");
            return null;
        }
        if (!(resolve(request.getSubject()) instanceof Patient patient)) {
            rule(path, "must reference the Patient in the Bundle");
            return null;
        }
        return patient;
    }

    /** @return the message reason code, or null when it is missing or unknown */
    private String checkHeader(MessageHeader header) {
        String path = "Bundle.entry[0].resource";
        if (!header.hasEventCoding()) {
            malformed(path + ".eventCoding", "is required");
        } else if (!Bars.MESSAGE_EVENTS.equals(header.getEventCoding().getSystem())
                || !Bars.EVENT_SERVICE_REQUEST_REQUEST.equals(header.getEventCoding().getCode())) {
            rule(path + ".eventCoding", "must be servicerequest-request of " + Bars.MESSAGE_EVENTS);
        }
        if (!header.getSource().hasEndpoint()) {
            malformed(path + ".source.endpoint", "is required");
        }
        if (header.getDestination().stream().noneMatch(MessageHeader.MessageDestinationComponent::hasEndpoint)) {
            malformed(path + ".destination.endpoint", "is required");
        }
        if (!header.hasDefinition()) {
            malformed(path + ".definition", "is required");
        }
        Optional<Coding> reason = header.getReason().getCoding().stream()
                .filter(c -> Bars.MESSAGE_REASONS.equals(c.getSystem()))
                .findFirst();
        if (reason.isEmpty() || !reason.get().hasCode()) {
            malformed(path + ".reason", "is required (" + Bars.MESSAGE_REASONS + ")");
            return null;
        }
        String code = reason.get().getCode();
        if (!Bars.REASON_NEW.equals(code) && !Bars.REASON_UPDATE.equals(code)) {
            rule(path + ".reason", "must be new or update");
            return null;
        }
        return code;
    }

    // A cancellation is a revoked ServiceRequest sent as an update. The canonical model records a
    // cancellation as the subject's withdrawn consent, so that is the only cancellation accepted.
    private void checkStatus(ServiceRequest request, String reason, ReferralModel.ConsentSummary consent) {
        String path = path(request) + ".status";
        if (!request.hasStatus()) {
            malformed(path, "is required");
            return;
        }
        switch (request.getStatus()) {
            case ACTIVE -> { }
            case REVOKED -> {
                if (reason != null && !Bars.REASON_UPDATE.equals(reason)) {
                    rule("Bundle.entry[0].resource.reason", "must be update when the ServiceRequest is revoked");
                }
                if (consent != null && !WITHDRAWN.equals(consent.status())) {
                    rule(path, "may be revoked only when the subject's consent is withdrawn");
                }
            }
            default -> rule(path, "must be active, or revoked for a cancellation");
        }
        if (!request.hasIntent()) {
            malformed(path(request) + ".intent", "is required");
        }
    }

    // ---------------------------------------------------------------- the model

    private ReferralModel model(ServiceRequest request, Patient patient, ReferralModel.ConsentSummary consent) {
        String path = path(request);
        List<Identifier> identifiers = request.getIdentifier().stream().filter(Identifier::hasValue).toList();
        String sourceRef = identifiers.stream()
                .filter(i -> SOURCE_REF.equals(i.getSystem()))
                .findFirst()
                .or(() -> identifiers.stream()
                        .filter(i -> !TRACKING_ID.equals(i.getSystem()) && !INCIDENT_REF.equals(i.getSystem()))
                        .findFirst())
                .map(i -> shortText(path + ".identifier[" + request.getIdentifier().indexOf(i) + "].value", i.getValue()))
                .orElse(null);
        // The receiver of a later update or cancellation finds the referral by an identifier; the
        // sender's own is preferred, but a message the hub itself rendered may carry only the hub's.
        if (identifiers.isEmpty()) {
            malformed(path + ".identifier", "is required");
        }
        String incidentRef = identifiers.stream()
                .filter(i -> INCIDENT_REF.equals(i.getSystem()))
                .findFirst()
                .map(i -> shortText(path + ".identifier[" + request.getIdentifier().indexOf(i) + "].value", i.getValue()))
                .orElse(null);

        String referralType = referralType(request);
        String referralKind = codeIn(request.getCategory(), REFERRAL_KIND, path + ".category", REFERRAL_KINDS);
        List<String> concerns = concerns(request);
        String purpose = purpose();

        List<Annotation> notes = request.getNote();
        List<String> narrative = new ArrayList<>();
        List<ReferralModel.NeedOrWish> needs = new ArrayList<>();
        for (int i = 0; i < notes.size(); i++) {
            Annotation note = notes.get(i);
            String notePath = path + ".note[" + i + "]";
            String kind = primitive(note.getExtensionByUrl(NOTE_KIND_EXTENSION));
            String text = longText(notePath + ".text", note.getText());
            if (kind != null && !NOTE_KINDS.contains(kind)) {
                rule(notePath + ".extension", "is not a known note kind");
            } else if (text == null) {
                malformed(notePath + ".text", "is required");
            } else if (kind == null || "NARRATIVE".equals(kind)) {
                narrative.add(text);
            } else {
                needs.add(new ReferralModel.NeedOrWish(kind, text));
            }
        }

        Instant occurredAt = request.hasOccurrenceDateTimeType() && request.getOccurrenceDateTimeType().hasValue()
                ? request.getOccurrenceDateTimeType().getValue().toInstant() : null;
        String requestedAction = longText(path + ".code.text", request.getCode().hasText()
                ? request.getCode().getText()
                : request.getCode().getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay)
                        .findFirst().orElse(null));

        ReferralModel.Subject subject = subject(patient);
        List<ReferralModel.RelatedPerson> related = relatedPersons(patient);
        ReferralModel.Risk risk = risk(request);
        ReferralModel.Professional requester = professional(request.getRequester(), path + ".requester");
        Extension supervisorExtension = request.getExtensionByUrl(SUPERVISOR_EXTENSION);
        ReferralModel.Professional supervisor = supervisorExtension != null
                && supervisorExtension.getValue() instanceof Reference reference
                ? professional(reference, path + ".extension") : null;

        if (!found.isEmpty() || referralType == null || consent == null || subject == null) {
            return null;
        }
        String recipientKind = codeIn(request.hasPerformerType() ? List.of(request.getPerformerType()) : List.of(),
                RECIPIENT_KIND, path + ".performerType", RECIPIENT_KINDS);
        String recipient = requestedRecipient(request, path);
        return new ReferralModel(sourceRef, incidentRef, referralType, referralKind, purpose,
                request.hasPriority() ? request.getPriority().toCode() : null,
                subject, related, concerns,
                narrative.isEmpty() ? null : String.join("\n\n", narrative),
                occurredAt, requestedAction, risk, requester, supervisor, consent, classification(),
                SecurityLabels.restrictedDisclosure(bundle), needs, recipientKind, recipient,
                immediateRiskToLife(request, path));
    }

    /**
     * The one partner the sender names: a performer given by the hub's partner id. A performer that
     * is a resource (a BaRS service, a practitioner) says who the sender had in mind, not which
     * partner the hub should send to, so it names none.
     */
    private String requestedRecipient(ServiceRequest request, String path) {
        List<Reference> performers = request.getPerformer();
        for (int i = 0; i < performers.size(); i++) {
            Identifier identifier = performers.get(i).getIdentifier();
            if (PARTNER_ID.equals(identifier.getSystem())) {
                String id = identifier.getValue();
                if (id == null || !PARTNER_ID_PATTERN.matcher(id).matches()) {
                    rule(path + ".performer[" + i + "].identifier.value", "is not a partner id");
                    return null;
                }
                return id;
            }
        }
        return null;
    }

    /** The hub's immediate-risk-to-life extension; BaRS has no element of its own for it. */
    private boolean immediateRiskToLife(ServiceRequest request, String path) {
        Extension flag = request.getExtensionByUrl(IMMEDIATE_RISK_TO_LIFE_EXTENSION);
        if (flag == null) {
            return false;
        }
        if (!(flag.getValue() instanceof BooleanType value) || !value.hasValue()) {
            malformed(path + ".extension", "immediate-risk-to-life needs a valueBoolean");
            return false;
        }
        return value.getValue();
    }

    private String referralType(ServiceRequest request) {
        String path = path(request) + ".category";
        Optional<Coding> coding = codings(request.getCategory(), REFERRAL_TYPE).findFirst();
        if (coding.isEmpty()) {
            malformed(path, "needs a referral type (" + REFERRAL_TYPE + ")");
            return null;
        }
        Optional<String> hubCode = CodeTables.translate(REFERRAL_TYPE_MAP, coding.get().getCode());
        if (hubCode.isEmpty()) {
            rule(path + "[" + indexOf(request.getCategory(), coding.get()) + "]", "has no mapping in " + REFERRAL_TYPE_MAP);
        }
        return hubCode.orElse(null);
    }

    private List<String> concerns(ServiceRequest request) {
        List<String> concerns = new ArrayList<>();
        List<CodeableConcept> reasons = request.getReasonCode();
        for (int i = 0; i < reasons.size(); i++) {
            for (Coding coding : reasons.get(i).getCoding()) {
                if (!CONCERN.equals(coding.getSystem())) {
                    continue;
                }
                Optional<String> concern = CodeTables.translate(CONCERN_MAP, coding.getCode());
                if (concern.isEmpty()) {
                    rule(path(request) + ".reasonCode[" + i + "]", "has no mapping in " + CONCERN_MAP);
                } else if (!concerns.contains(concern.get())) {
                    concerns.add(concern.get());
                }
            }
        }
        return concerns;
    }

    private String purpose() {
        List<Coding> security = bundle.getMeta().getSecurity();
        for (int i = 0; i < security.size(); i++) {
            Coding label = security.get(i);
            if (V3_ACT_REASON.equals(label.getSystem())) {
                if (!PURPOSES.contains(label.getCode())) {
                    rule("Bundle.meta.security[" + i + "]", "is not a known purpose of use");
                    return null;
                }
                return label.getCode();
            }
        }
        return DEFAULT_PURPOSE;
    }

    private ReferralModel.Classification classification() {
        String marking = SecurityLabels.highestMarking(bundle);
        // Nothing marked: a safeguarding referral about a named person is OFFICIAL-SENSITIVE by default.
        return marking == null ? ReferralModel.Classification.officialSensitivePersonal()
                : SecurityLabels.classificationOf(bundle);
    }

    private ReferralModel.ConsentSummary consent(ServiceRequest request) {
        String path = path(request);
        String status = primitive(request.getExtensionByUrl(CONSENT_STATUS_EXTENSION));
        Consent recorded = request.getSupportingInfo().stream()
                .map(this::resolve)
                .filter(Consent.class::isInstance)
                .map(Consent.class::cast)
                .findFirst()
                .orElse(null);
        if (status == null && recorded != null) {
            status = decision(recorded);
        }
        if (status == null) {
            malformed(path + ".extension", "needs the consent-status extension or a Consent in supportingInfo");
            return null;
        }
        if (!CONSENT_STATUSES.contains(status)) {
            rule(path + ".extension", "is not a known consent status");
            return null;
        }
        Instant recordedAt = recorded != null && recorded.hasDateTime()
                ? recorded.getDateTime().toInstant()
                : Optional.ofNullable(request.getExtensionByUrl(CONSENT_RECORDED_AT_EXTENSION))
                        .map(Extension::getValue)
                        .filter(BaseDateTimeType.class::isInstance)
                        .map(v -> ((BaseDateTimeType) v).getValue().toInstant())
                        .orElse(null);
        String reason = longText(path + ".extension", primitive(request.getExtensionByUrl(CONSENT_STATUS_REASON_EXTENSION)));
        return new ReferralModel.ConsentSummary(status, reason, recordedAt);
    }

    private static String decision(Consent consent) {
        if (consent.getStatus() == Consent.ConsentState.INACTIVE || consent.getStatus() == Consent.ConsentState.REJECTED) {
            return WITHDRAWN;
        }
        if (consent.getProvision().getType() == Consent.ConsentProvisionType.PERMIT) {
            return "GIVEN";
        }
        return consent.getProvision().getType() == Consent.ConsentProvisionType.DENY ? "REFUSED" : null;
    }

    private ReferralModel.Subject subject(Patient patient) {
        String path = path(patient);
        List<ReferralModel.PersonIdentifier> identifiers = new ArrayList<>();
        String verification = null;
        boolean nhsNumberSeen = false;
        for (int i = 0; i < patient.getIdentifier().size(); i++) {
            Identifier identifier = patient.getIdentifier().get(i);
            String idPath = path + ".identifier[" + i + "]";
            if (!identifier.hasValue()) {
                continue;
            }
            if (!NHS_NUMBER.equals(identifier.getSystem())) {
                identifiers.add(new ReferralModel.PersonIdentifier(identifier.getSystem(),
                        shortText(idPath + ".value", identifier.getValue())));
                continue;
            }
            if (nhsNumberSeen) {
                rule(idPath, "is a second NHS number");
                continue;
            }
            nhsNumberSeen = true;
            if (!NhsNumber.isWellFormed(identifier.getValue())) {
                malformed(idPath + ".value", "must be 10 digits, optionally spaced 3 3 4");
            } else if (!NhsNumber.isValid(identifier.getValue())) {
                rule(idPath + ".value", "fails the NHS number Modulus 11 check");
            } else {
                identifiers.add(new ReferralModel.PersonIdentifier(NHS_NUMBER, NhsNumber.normalise(identifier.getValue())));
            }
            verification = verification(identifier, idPath);
        }
        ReferralModel.Name name = name(patient.getName(), path + ".name");
        if (name == null) {
            malformed(path + ".name", "is required");
        }
        LocalDate birthDate = null;
        boolean approximate = false;
        if (patient.hasBirthDate()) {
            birthDate = date(patient.getBirthDateElement());
            approximate = patient.getBirthDateElement().getPrecision().compareTo(ca.uhn.fhir.model.api.TemporalPrecisionEnum.DAY) < 0
                    || Boolean.TRUE.equals(bool(patient.getBirthDateElement().getExtensionByUrl(BIRTH_DATE_APPROXIMATE_EXTENSION)));
            if (birthDate.isAfter(LocalDate.ofInstant(receivedAt, ZoneOffset.UTC))) {
                rule(path + ".birthDate", "must not be in the future");
            }
        }
        List<ReferralModel.Address> addresses = new ArrayList<>();
        for (int i = 0; i < patient.getAddress().size(); i++) {
            addresses.add(address(patient.getAddress().get(i), path + ".address[" + i + "]"));
        }
        List<ReferralModel.Contact> contacts = new ArrayList<>();
        for (int i = 0; i < patient.getTelecom().size(); i++) {
            ContactPoint point = patient.getTelecom().get(i);
            if (point.hasSystem() && CONTACT_SYSTEMS.contains(point.getSystem().toCode()) && point.hasValue()) {
                String telecomPath = path + ".telecom[" + i + "]";
                contacts.add(new ReferralModel.Contact(point.getSystem().toCode(),
                        shortText(telecomPath + ".value", point.getValue()),
                        bool(point.getExtensionByUrl(SAFE_TO_CONTACT_EXTENSION)),
                        longText(telecomPath + ".extension", primitive(point.getExtensionByUrl(SAFE_CONTACT_TIMES_EXTENSION)))));
            }
        }
        String language = null;
        if (patient.hasCommunication()) {
            CodeableConcept concept = patient.getCommunicationFirstRep().getLanguage();
            language = shortText(path + ".communication[0].language", concept.getCoding().stream()
                    .filter(c -> BCP_47.equals(c.getSystem()) && c.hasCode())
                    .map(Coding::getCode)
                    .findFirst()
                    .orElse(concept.getText()));
        }
        String gp = patient.getGeneralPractitioner().stream()
                .map(reference -> reference.hasIdentifier() ? reference.getIdentifier()
                        : resolve(reference) instanceof Organization org
                                ? org.getIdentifier().stream().filter(i -> ODS_ORGANIZATION_CODE.equals(i.getSystem()))
                                        .findFirst().orElse(new Identifier())
                                : new Identifier())
                .filter(i -> ODS_ORGANIZATION_CODE.equals(i.getSystem()) && i.hasValue())
                .map(i -> shortText(path + ".generalPractitioner", i.getValue()))
                .findFirst()
                .orElse(null);
        if (name == null) {
            return null;
        }
        return new ReferralModel.Subject(identifiers, nhsNumberSeen ? verification : null, name, birthDate, approximate,
                patient.hasGender() ? patient.getGender().toCode() : null, addresses, contacts, language,
                isTrue(patient, PATIENT_INTERPRETER_REQUIRED_EXTENSION),
                longText(path + ".extension", primitive(patient.getExtensionByUrl(COMMUNICATION_NEEDS_EXTENSION))),
                gp);
    }

    private String verification(Identifier identifier, String path) {
        Extension extension = identifier.getExtensionByUrl(NHS_NUMBER_VERIFICATION_STATUS_EXTENSION);
        if (extension == null || !(extension.getValue() instanceof CodeableConcept concept)) {
            return null;
        }
        Optional<String> code = concept.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode).findFirst();
        if (code.isEmpty()) {
            return null;
        }
        Optional<String> england = CodeTables.translate(VERIFICATION_MAP, code.get());
        if (england.isEmpty()) {
            rule(path + ".extension", "has no mapping in " + VERIFICATION_MAP);
        }
        return england.orElse(null);
    }

    private List<ReferralModel.RelatedPerson> relatedPersons(Patient patient) {
        List<ReferralModel.RelatedPerson> persons = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            if (!(entry.getResource() instanceof RelatedPerson related) || resolve(related.getPatient()) != patient) {
                continue;
            }
            String path = path(related);
            String role = "OTHER";
            String relationship = null;
            for (int i = 0; i < related.getRelationship().size(); i++) {
                CodeableConcept concept = related.getRelationship().get(i);
                Optional<Coding> hubRole = codings(List.of(concept), RELATED_PERSON_ROLE).findFirst();
                if (hubRole.isPresent()) {
                    if (RELATED_ROLES.contains(hubRole.get().getCode())) {
                        role = hubRole.get().getCode();
                    } else {
                        rule(path + ".relationship[" + i + "]", "is not a known related-person role");
                    }
                } else if (relationship == null) {
                    relationship = shortText(path + ".relationship[" + i + "]", concept.hasText() ? concept.getText()
                            : concept.getCoding().stream().map(c -> c.hasDisplay() ? c.getDisplay() : c.getCode())
                                    .filter(t -> t != null).findFirst().orElse(null));
                }
            }
            persons.add(new ReferralModel.RelatedPerson(
                    role,
                    name(related.getName(), path + ".name"),
                    related.hasBirthDate() ? date(related.getBirthDateElement()) : null,
                    relationship,
                    bool(related.getExtensionByUrl(PRESENT_AT_INCIDENT_EXTENSION)),
                    related.hasAddress() ? address(related.getAddressFirstRep(), path + ".address[0]") : null));
        }
        return persons;
    }

    private ReferralModel.Risk risk(ServiceRequest request) {
        for (Reference reference : request.getSupportingInfo()) {
            if (!(resolve(reference) instanceof Observation observation)) {
                continue;
            }
            Optional<Coding> tool = observation.getCode().getCoding().stream()
                    .filter(c -> RISK_TOOL.equals(c.getSystem()) && c.hasCode())
                    .findFirst();
            Optional<Coding> grade = codings(observation.getInterpretation(), RISK_GRADE).findFirst();
            if (tool.isEmpty() && grade.isEmpty()) {
                // Not a risk assessment in the hub's terms: a clinical observation the hub has no place for.
                continue;
            }
            String path = path(observation);
            if (grade.isPresent() && !RISK_GRADES.contains(grade.get().getCode())) {
                rule(path + ".interpretation", "is not a known risk grade");
            }
            Integer score = observation.hasValueIntegerType() ? observation.getValueIntegerType().getValue() : null;
            if (score != null && score < 0) {
                rule(path + ".valueInteger", "must not be negative");
            }
            Type judgement = component(observation, PROFESSIONAL_JUDGEMENT);
            Type reason = component(observation, JUDGEMENT_REASON);
            Type marac = component(observation, MARAC_REFERRAL);
            return new ReferralModel.Risk(
                    tool.map(Coding::getCode).filter(code -> !RISK_TOOL_NOT_SPECIFIED.equals(code)).orElse(null),
                    score,
                    grade.map(Coding::getCode).orElse(null),
                    judgement instanceof BooleanType b && b.booleanValue(),
                    reason instanceof StringType s ? longText(path + ".component", s.getValue()) : null,
                    marac instanceof BooleanType m && m.hasValue() ? m.getValue() : null);
        }
        return null;
    }

    private static Type component(Observation observation, String code) {
        return observation.getComponent().stream()
                .filter(c -> c.getCode().getCoding().stream()
                        .anyMatch(coding -> RISK_COMPONENT.equals(coding.getSystem()) && code.equals(coding.getCode())))
                .map(Observation.ObservationComponentComponent::getValue)
                .findFirst()
                .orElse(null);
    }

    private ReferralModel.Professional professional(Reference reference, String path) {
        Resource resource = resolve(reference);
        PractitionerRole role = resource instanceof PractitionerRole r ? r : null;
        Practitioner practitioner = resource instanceof Practitioner p ? p
                : role != null && resolve(role.getPractitioner()) instanceof Practitioner p ? p : null;
        if (role == null && practitioner == null) {
            return null;
        }
        String at = path(role != null ? role : practitioner);
        String name = practitioner == null || !practitioner.hasName() ? null
                : shortText(path(practitioner) + ".name[0]", display(practitioner.getNameFirstRep()));
        String identifier = practitioner == null ? null : practitioner.getIdentifier().stream()
                .filter(Identifier::hasValue).map(i -> shortText(path(practitioner) + ".identifier", i.getValue()))
                .findFirst().orElse(null);
        String roleName = role == null ? null : role.getCode().stream()
                .map(c -> c.hasText() ? c.getText()
                        : c.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).findFirst().orElse(null))
                .filter(t -> t != null)
                .map(t -> shortText(at + ".code", t))
                .findFirst().orElse(null);
        String organisation = null;
        if (role != null) {
            organisation = role.getOrganization().hasDisplay() ? role.getOrganization().getDisplay()
                    : resolve(role.getOrganization()) instanceof Organization org && org.hasName() ? org.getName() : null;
            organisation = shortText(at + ".organization", organisation);
        }
        String team = role == null ? null : role.getHealthcareService().stream().filter(Reference::hasDisplay)
                .map(r -> shortText(at + ".healthcareService", r.getDisplay())).findFirst().orElse(null);
        List<ContactPoint> telecom = role != null ? role.getTelecom() : practitioner.getTelecom();
        return new ReferralModel.Professional(name, identifier, roleName, organisation, team,
                telecom(telecom, ContactPoint.ContactPointSystem.PHONE, at),
                telecom(telecom, ContactPoint.ContactPointSystem.EMAIL, at));
    }

    private String telecom(List<ContactPoint> telecom, ContactPoint.ContactPointSystem system, String path) {
        return telecom.stream().filter(t -> t.getSystem() == system && t.hasValue())
                .map(t -> shortText(path + ".telecom", t.getValue())).findFirst().orElse(null);
    }

    private ReferralModel.Name name(List<HumanName> names, String path) {
        if (names.isEmpty()) {
            return null;
        }
        HumanName main = names.stream().filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL).findFirst()
                .or(() -> names.stream().filter(n -> n.getUse() == HumanName.NameUse.USUAL).findFirst())
                .orElse(names.get(0));
        int index = names.indexOf(main);
        List<String> given = new ArrayList<>();
        for (int i = 0; i < main.getGiven().size(); i++) {
            String part = shortText(path + "[" + index + "].given[" + i + "]", main.getGiven().get(i).getValue());
            if (part != null) {
                given.add(part);
            }
        }
        String family = shortText(path + "[" + index + "].family", main.getFamily());
        List<String> aliases = new ArrayList<>();
        if (given.isEmpty() && family == null && main.hasText()) {
            // One string the sender did not split: kept whole rather than guessed at.
            aliases.add(shortText(path + "[" + index + "].text", main.getText()));
        }
        for (int i = 0; i < names.size(); i++) {
            if (i != index) {
                String alias = shortText(path + "[" + i + "]", display(names.get(i)));
                if (alias != null) {
                    aliases.add(alias);
                }
            }
        }
        return new ReferralModel.Name(given, family, aliases);
    }

    private static String display(HumanName name) {
        if (name.hasText()) {
            return name.getText();
        }
        String joined = (name.getGiven().stream().map(StringType::getValue).collect(Collectors.joining(" "))
                + " " + Optional.ofNullable(name.getFamily()).orElse("")).strip();
        return joined.isEmpty() ? null : joined;
    }

    private ReferralModel.Address address(org.hl7.fhir.r4.model.Address address, String path) {
        String uprn = null;
        Extension key = address.getExtensionByUrl(ADDRESS_KEY_EXTENSION);
        // UK Core types the key as a CodeableConcept; some senders write a bare Coding.
        Type keyType = key == null || key.getExtensionByUrl("type") == null ? null : key.getExtensionByUrl("type").getValue();
        boolean isUprn = keyType instanceof CodeableConcept concept && concept.getCoding().stream().anyMatch(c -> "UPRN".equals(c.getCode()))
                || keyType instanceof Coding coding && "UPRN".equals(coding.getCode());
        if (isUprn) {
            uprn = shortText(path + ".extension", primitive(key.getExtensionByUrl("value")));
        }
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < address.getLine().size(); i++) {
            String line = shortText(path + ".line[" + i + "]", address.getLine().get(i).getValue());
            if (line != null) {
                lines.add(line);
            }
        }
        String use = address.hasUse() && ADDRESS_USES.contains(address.getUse().toCode()) ? address.getUse().toCode() : null;
        return new ReferralModel.Address(use, lines, shortText(path + ".city", address.getCity()),
                shortText(path + ".district", address.getDistrict()), shortText(path + ".postalCode", address.getPostalCode()),
                uprn);
    }

    // ---------------------------------------------------------------- helpers

    private String codeIn(List<CodeableConcept> concepts, String system, String path, Set<String> allowed) {
        Optional<Coding> coding = codings(concepts, system).findFirst();
        if (coding.isEmpty()) {
            return null;
        }
        if (!allowed.contains(coding.get().getCode())) {
            rule(path + "[" + indexOf(concepts, coding.get()) + "]", "is not a known code");
            return null;
        }
        return coding.get().getCode();
    }

    private static java.util.stream.Stream<Coding> codings(List<CodeableConcept> concepts, String system) {
        return concepts.stream().flatMap(c -> c.getCoding().stream()).filter(c -> system.equals(c.getSystem()) && c.hasCode());
    }

    private static int indexOf(List<CodeableConcept> concepts, Coding coding) {
        for (int i = 0; i < concepts.size(); i++) {
            if (concepts.get(i).getCoding().contains(coding)) {
                return i;
            }
        }
        return 0;
    }

    private Resource resolve(Reference reference) {
        if (reference == null || !reference.hasReference()) {
            return null;
        }
        Integer index = entryByReference.get(reference.getReference());
        return index == null ? null : bundle.getEntry().get(index).getResource();
    }

    private String path(Resource resource) {
        return "Bundle.entry[" + entryOfResource.get(resource) + "].resource";
    }

    private String shortText(String path, String value) {
        return limited(path, value, SHORT_TEXT_MAX);
    }

    private String longText(String path, String value) {
        return limited(path, value, LONG_TEXT_MAX);
    }

    private String limited(String path, String value, int max) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > max) {
            rule(path, "is too long (at most " + max + " characters)");
        }
        return value;
    }

    private static String primitive(Extension extension) {
        if (extension == null || extension.getValue() == null || !extension.getValue().isPrimitive()) {
            return null;
        }
        String value = extension.getValue().primitiveValue();
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static Boolean bool(Extension extension) {
        return extension != null && extension.getValue() instanceof BooleanType b && b.hasValue() ? b.getValue() : null;
    }

    private static boolean isTrue(DomainResource resource, String url) {
        return Boolean.TRUE.equals(bool(resource.getExtensionByUrl(url)));
    }

    // A year or a year and month is all some senders know: the first day stands for it, marked approximate.
    private static LocalDate date(org.hl7.fhir.r4.model.DateType date) {
        return LocalDate.of(date.getYear(), date.getMonth() + 1, date.getDay());
    }

    private void malformed(String field, String reason) {
        found.add(Violation.malformed(field, reason));
    }

    private void rule(String field, String reason) {
        found.add(Violation.rule(field, reason));
    }
}
