package org.junction.mappings.canonical;

import static org.junction.mappings.fhir.JunctionSystems.*;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.BaseDateTimeType;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Element;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.Type;
import org.junction.mappings.labels.SecurityLabels;

/** Reads a {@link ReferralModel} back out of a canonical Bundle; see {@link ReferralBundles} for the shape. */
final class ReferralModels {

    private ReferralModels() {
    }

    static ReferralModel read(Referral referral) {
        ServiceRequest request = referral.serviceRequest();
        Bundle bundle = referral.bundle();
        return new ReferralModel(
                identifier(request.getIdentifier(), SOURCE_REF),
                identifier(request.getIdentifier(), INCIDENT_REF),
                referral.referralType(),
                referral.referralKind(),
                referral.purpose(),
                request.hasPriority() ? request.getPriority().toCode() : null,
                subject(referral.patient()),
                relatedPersons(referral),
                referral.concerns(),
                request.getNote().stream().filter(ReferralModels::isNarrative).map(Annotation::getText).findFirst()
                        .orElse(null),
                request.hasOccurrenceDateTimeType() ? instant(request.getOccurrenceDateTimeType()) : null,
                request.getCode().getText(),
                referral.supporting(Observation.class).findFirst().map(ReferralModels::risk).orElse(null),
                professional(referral, request.getRequester()),
                Optional.ofNullable(request.getExtensionByUrl(SUPERVISOR_EXTENSION))
                        .map(Extension::getValue)
                        .filter(Reference.class::isInstance)
                        .map(v -> professional(referral, (Reference) v))
                        .orElse(null),
                consent(referral),
                SecurityLabels.classificationOf(bundle),
                SecurityLabels.restrictedDisclosure(bundle),
                request.getNote().stream()
                        .filter(note -> !isNarrative(note))
                        .map(note -> new ReferralModel.NeedOrWish(noteKind(note), note.getText()))
                        .toList(),
                request.getPerformerType().getCoding().stream().filter(c -> RECIPIENT_KIND.equals(c.getSystem()))
                        .map(Coding::getCode).findFirst().orElse(null),
                request.getPerformer().stream().map(Reference::getIdentifier)
                        .filter(i -> PARTNER_ID.equals(i.getSystem()) && i.hasValue())
                        .map(Identifier::getValue).findFirst().orElse(null),
                isTrue(request, IMMEDIATE_RISK_TO_LIFE_EXTENSION));
    }

    // A note without a kind is narrative: the first police Bundles were written that way.
    private static boolean isNarrative(Annotation note) {
        String kind = noteKind(note);
        return kind == null || ReferralBundles.NOTE_NARRATIVE.equals(kind);
    }

    private static String noteKind(Annotation note) {
        return primitive(note.getExtensionByUrl(NOTE_KIND_EXTENSION));
    }

    private static ReferralModel.Subject subject(Patient patient) {
        List<ReferralModel.PersonIdentifier> identifiers = new ArrayList<>();
        String verification = null;
        for (Identifier identifier : patient.getIdentifier()) {
            if (!identifier.hasValue()) {
                continue;
            }
            identifiers.add(new ReferralModel.PersonIdentifier(identifier.getSystem(), identifier.getValue()));
            if (NHS_NUMBER.equals(identifier.getSystem()) && verification == null) {
                verification = firstCode(identifier.getExtensionByUrl(NHS_NUMBER_VERIFICATION_STATUS_EXTENSION));
            }
        }
        LocalDate birthDate = patient.hasBirthDate() ? date(patient.getBirthDateElement()) : null;
        boolean approximate = patient.hasBirthDate() && isTrue(patient.getBirthDateElement(), BIRTH_DATE_APPROXIMATE_EXTENSION);
        CodeableConcept language = patient.getCommunication().isEmpty() ? null
                : patient.getCommunicationFirstRep().getLanguage();
        String gp = patient.getGeneralPractitioner().stream()
                .map(Reference::getIdentifier)
                .filter(i -> ODS_ORGANIZATION_CODE.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue)
                .findFirst()
                .orElse(null);
        return new ReferralModel.Subject(
                identifiers,
                verification,
                name(patient.getName()),
                birthDate,
                approximate,
                patient.hasGender() ? patient.getGender().toCode() : null,
                patient.getAddress().stream().map(ReferralModels::address).toList(),
                patient.getTelecom().stream().map(ReferralModels::contact).toList(),
                language == null ? null : language.getCoding().stream()
                        .filter(c -> BCP_47.equals(c.getSystem()) && c.hasCode())
                        .map(Coding::getCode)
                        .findFirst()
                        .orElse(language.getText()),
                isTrue(patient, PATIENT_INTERPRETER_REQUIRED_EXTENSION),
                primitive(patient.getExtensionByUrl(COMMUNICATION_NEEDS_EXTENSION)),
                gp);
    }

    private static ReferralModel.Name name(List<HumanName> names) {
        HumanName official = names.stream()
                .filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL)
                .findFirst()
                .orElse(null);
        if (official == null) {
            return null;
        }
        List<String> aliases = names.stream()
                .filter(n -> n != official && n.hasText())
                .map(HumanName::getText)
                .toList();
        return new ReferralModel.Name(
                official.getGiven().stream().map(g -> g.getValue()).toList(), official.getFamily(), aliases);
    }

    private static ReferralModel.Address address(org.hl7.fhir.r4.model.Address address) {
        String uprn = null;
        Extension key = address.getExtensionByUrl(ADDRESS_KEY_EXTENSION);
        if (key != null && "UPRN".equals(firstCode(key.getExtensionByUrl("type")))) {
            uprn = primitive(key.getExtensionByUrl("value"));
        }
        return new ReferralModel.Address(
                address.hasUse() ? address.getUse().toCode() : null,
                address.getLine().stream().map(l -> l.getValue()).toList(),
                address.getCity(),
                address.getDistrict(),
                address.getPostalCode(),
                uprn);
    }

    private static ReferralModel.Contact contact(ContactPoint point) {
        return new ReferralModel.Contact(
                point.hasSystem() ? point.getSystem().toCode() : null,
                point.getValue(),
                bool(point.getExtensionByUrl(SAFE_TO_CONTACT_EXTENSION)),
                primitive(point.getExtensionByUrl(SAFE_CONTACT_TIMES_EXTENSION)));
    }

    private static List<ReferralModel.RelatedPerson> relatedPersons(Referral referral) {
        List<ReferralModel.RelatedPerson> persons = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : referral.bundle().getEntry()) {
            if (!(entry.getResource() instanceof RelatedPerson related)
                    || referral.resolve(related.getPatient()) != referral.patient()) {
                continue;
            }
            String role = related.getRelationship().stream()
                    .flatMap(c -> c.getCoding().stream())
                    .filter(c -> RELATED_PERSON_ROLE.equals(c.getSystem()) && c.hasCode())
                    .map(Coding::getCode)
                    .findFirst()
                    .orElse(null);
            String relationship = related.getRelationship().stream()
                    .filter(c -> !c.hasCoding() && c.hasText())
                    .map(CodeableConcept::getText)
                    .findFirst()
                    .orElse(null);
            persons.add(new ReferralModel.RelatedPerson(
                    role,
                    name(related.getName()),
                    related.hasBirthDate() ? date(related.getBirthDateElement()) : null,
                    relationship,
                    bool(related.getExtensionByUrl(PRESENT_AT_INCIDENT_EXTENSION)),
                    related.getAddress().isEmpty() ? null : address(related.getAddressFirstRep())));
        }
        return persons;
    }

    private static ReferralModel.Risk risk(Observation observation) {
        String tool = observation.getCode().getCoding().stream()
                .filter(c -> RISK_TOOL.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode)
                .filter(code -> !ReferralBundles.RISK_TOOL_NOT_SPECIFIED.equals(code))
                .findFirst()
                .orElse(null);
        Integer score = observation.hasValueIntegerType() ? observation.getValueIntegerType().getValue() : null;
        String grade = observation.getInterpretation().stream()
                .flatMap(c -> c.getCoding().stream())
                .filter(c -> RISK_GRADE.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode)
                .findFirst()
                .orElse(null);
        Type judgement = component(observation, ReferralBundles.PROFESSIONAL_JUDGEMENT);
        Type reason = component(observation, ReferralBundles.JUDGEMENT_REASON);
        Type marac = component(observation, ReferralBundles.MARAC_REFERRAL);
        return new ReferralModel.Risk(
                tool,
                score,
                grade,
                judgement instanceof BooleanType b && b.booleanValue(),
                reason != null && reason.isPrimitive() ? reason.primitiveValue() : null,
                marac instanceof BooleanType m && m.hasValue() ? m.getValue() : null);
    }

    private static Type component(Observation observation, String code) {
        return observation.getComponent().stream()
                .filter(c -> c.getCode().getCoding().stream()
                        .anyMatch(coding -> RISK_COMPONENT.equals(coding.getSystem()) && code.equals(coding.getCode())))
                .map(Observation.ObservationComponentComponent::getValue)
                .findFirst()
                .orElse(null);
    }

    private static ReferralModel.Professional professional(Referral referral, Reference reference) {
        if (!(referral.resolve(reference) instanceof PractitionerRole role)) {
            return null;
        }
        Practitioner practitioner = referral.resolve(role.getPractitioner()) instanceof Practitioner p ? p : null;
        return new ReferralModel.Professional(
                practitioner == null || practitioner.getName().isEmpty() ? null : practitioner.getNameFirstRep().getText(),
                practitioner == null ? null : practitioner.getIdentifier().stream()
                        .filter(Identifier::hasValue).map(Identifier::getValue).findFirst().orElse(null),
                role.getCode().stream().filter(CodeableConcept::hasText).map(CodeableConcept::getText).findFirst()
                        .orElse(null),
                role.getOrganization().getDisplay(),
                role.getHealthcareService().stream().filter(Reference::hasDisplay).map(Reference::getDisplay).findFirst()
                        .orElse(null),
                telecom(role, ContactPoint.ContactPointSystem.PHONE),
                telecom(role, ContactPoint.ContactPointSystem.EMAIL));
    }

    private static String telecom(PractitionerRole role, ContactPoint.ContactPointSystem system) {
        return role.getTelecom().stream().filter(t -> t.getSystem() == system && t.hasValue())
                .map(ContactPoint::getValue).findFirst().orElse(null);
    }

    private static ReferralModel.ConsentSummary consent(Referral referral) {
        ServiceRequest request = referral.serviceRequest();
        Instant recordedAt = referral.consent()
                .filter(Consent::hasDateTime)
                .map(c -> instant(c.getDateTimeElement()))
                .orElseGet(() -> Optional.ofNullable(request.getExtensionByUrl(CONSENT_RECORDED_AT_EXTENSION))
                        .map(Extension::getValue)
                        .filter(BaseDateTimeType.class::isInstance)
                        .map(v -> instant((BaseDateTimeType) v))
                        .orElse(null));
        return new ReferralModel.ConsentSummary(
                referral.consentStatus(),
                primitive(request.getExtensionByUrl(CONSENT_STATUS_REASON_EXTENSION)),
                recordedAt);
    }

    private static String identifier(List<Identifier> identifiers, String system) {
        return identifiers.stream()
                .filter(i -> system.equals(i.getSystem()) && i.hasValue())
                .map(Identifier::getValue)
                .findFirst()
                .orElse(null);
    }

    private static String primitive(Extension extension) {
        if (extension == null || extension.getValue() == null || !extension.getValue().isPrimitive()) {
            return null;
        }
        return extension.getValue().primitiveValue();
    }

    private static Boolean bool(Extension extension) {
        return extension != null && extension.getValue() instanceof BooleanType b && b.hasValue() ? b.getValue() : null;
    }

    private static boolean isTrue(Element element, String url) {
        return Boolean.TRUE.equals(bool(element.getExtensionByUrl(url)));
    }

    private static boolean isTrue(org.hl7.fhir.r4.model.DomainResource resource, String url) {
        return Boolean.TRUE.equals(bool(resource.getExtensionByUrl(url)));
    }

    private static String firstCode(Extension extension) {
        if (extension == null || !(extension.getValue() instanceof CodeableConcept concept)) {
            return null;
        }
        return concept.getCoding().stream().filter(Coding::hasCode).map(Coding::getCode).findFirst().orElse(null);
    }

    // A partial date (1985, 1985-03) from a foreign Bundle reads as its first day; the canonical
    // Bundle always writes full dates.
    private static LocalDate date(DateType date) {
        return LocalDate.of(date.getYear(), date.getMonth() == null ? 1 : date.getMonth() + 1,
                date.getDay() == null ? 1 : date.getDay());
    }

    private static Instant instant(BaseDateTimeType dateTime) {
        return dateTime.getValue().toInstant();
    }
}
