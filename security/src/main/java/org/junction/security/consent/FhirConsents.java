package org.junction.security.consent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.junction.mappings.canonical.SubjectIdentifier;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * Reads a FHIR R4 Consent into a {@link ConsentRecord}. The patient is enforced here because the
 * R4 invariants that should require it (ppc-2 to ppc-5) never fire.
 */
public final class FhirConsents {

    /** The consent, and the identifiers of the person it belongs to. */
    public record Parsed(ConsentRecord record, List<SubjectIdentifier> subject) {
    }

    private FhirConsents() {
    }

    /**
     * @param patientIdentifiers identifiers of the patient the consent refers to; for a Consent
     *                           embedded in a referral these come from the referral's Patient
     * @throws MappingException naming each missing or invalid element
     */
    public static Parsed read(Consent consent, List<SubjectIdentifier> patientIdentifiers, UUID id, Instant recordedAt) {
        List<Violation> problems = new ArrayList<>();
        if (patientIdentifiers.isEmpty()) {
            problems.add(Violation.rule("Consent.patient", "is required and must carry an identifier"));
        }
        for (SubjectIdentifier identifier : patientIdentifiers) {
            if (JunctionSystems.NHS_NUMBER.equals(identifier.system()) && !NhsNumber.isValid(identifier.value())) {
                problems.add(Violation.rule("Consent.patient.identifier", "NHS number fails the Modulus 11 check"));
            }
        }
        ConsentRecord.Status status = null;
        if (!consent.hasStatus()) {
            problems.add(Violation.malformed("Consent.status", "is required"));
        } else {
            status = ConsentRecord.Status.valueOf(consent.getStatus().toCode().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
        Consent.ConsentProvisionType type = consent.getProvision().getType();
        if (type == null || type == Consent.ConsentProvisionType.NULL) {
            problems.add(Violation.rule("Consent.provision.type", "is required (permit or deny)"));
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
        Consent.ProvisionComponent provision = consent.getProvision();
        Set<String> purposes = new LinkedHashSet<>();
        for (Coding purpose : provision.getPurpose()) {
            if (purpose.hasCode()) {
                purposes.add(purpose.getCode());
            }
        }
        Set<String> recipients = new LinkedHashSet<>();
        for (Consent.provisionActorComponent actor : provision.getActor()) {
            Identifier who = actor.getReference().getIdentifier();
            if (JunctionSystems.PARTNER_ID.equals(who.getSystem()) && who.hasValue()) {
                recipients.add(who.getValue());
            }
        }
        Period period = provision.getPeriod();
        var record = new ConsentRecord(id, status,
                type == Consent.ConsentProvisionType.DENY ? ConsentRecord.Provision.DENY : ConsentRecord.Provision.PERMIT,
                purposes, recipients,
                period.hasStart() ? period.getStart().toInstant() : null,
                period.hasEnd() ? period.getEnd().toInstant() : null,
                consent.hasDateTime() ? consent.getDateTime().toInstant() : recordedAt);
        return new Parsed(record, List.copyOf(patientIdentifiers));
    }

    /** The identifier the Consent names its patient by ({@code Consent.patient.identifier}). */
    public static List<SubjectIdentifier> patientIdentifiers(Consent consent) {
        Identifier identifier = consent.getPatient().getIdentifier();
        if (!consent.hasPatient() || !identifier.hasSystem() || !identifier.hasValue()) {
            return List.of();
        }
        String value = JunctionSystems.NHS_NUMBER.equals(identifier.getSystem())
                ? NhsNumber.normalise(identifier.getValue()) : identifier.getValue();
        return List.of(new SubjectIdentifier(identifier.getSystem(), value));
    }
}
