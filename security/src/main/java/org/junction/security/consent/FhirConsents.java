package org.junction.security.consent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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

    /** How far ahead of the hub's clock a sender's clock may run before a date counts as future. */
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private FhirConsents() {
    }

    /**
     * Reads a Consent posted on its own: it must name its patient by an identifier.
     *
     * @param receivedAt when the hub received it; this, not the sender's own date, orders consents,
     *                   so a sender cannot make an old permission outrank a newer refusal
     * @throws MappingException naming each missing or invalid element
     */
    public static Parsed read(Consent consent, List<SubjectIdentifier> patientIdentifiers, UUID id, Instant receivedAt) {
        List<Violation> problems = new ArrayList<>();
        if (patientIdentifiers.isEmpty()) {
            problems.add(Violation.rule("Consent.patient", "is required and must carry an identifier"));
        }
        for (SubjectIdentifier identifier : patientIdentifiers) {
            if (JunctionSystems.NHS_NUMBER.equals(identifier.system()) && !NhsNumber.isValid(identifier.value())) {
                problems.add(Violation.rule("Consent.patient.identifier", "NHS number fails the Modulus 11 check"));
            }
        }
        return parse(consent, patientIdentifiers, id, receivedAt, problems);
    }

    /**
     * Reads a Consent carried inside a referral, whose patient is the referral's subject.
     *
     * @param subject the referral subject's identifiers; may be empty when the sender knows none
     */
    public static Parsed readEmbedded(Consent consent, List<SubjectIdentifier> subject, UUID id, Instant receivedAt,
                                      boolean withdrawal) {
        Parsed parsed = parse(consent, subject, id, receivedAt, new ArrayList<>());
        if (!withdrawal) {
            return parsed;
        }
        // A referral reporting a withdrawal carries the old consent as inactive; for the hub the
        // withdrawal is a refusal in force from now on, outranking the permission it withdraws.
        ConsentRecord r = parsed.record();
        return new Parsed(new ConsentRecord(r.id(), ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.DENY,
                r.purposes(), r.recipients(), null, null, r.recordedAt()), parsed.subject());
    }

    private static Parsed parse(Consent consent, List<SubjectIdentifier> subject, UUID id, Instant receivedAt,
                                List<Violation> problems) {
        ConsentRecord.Status status = null;
        if (!consent.hasStatus()) {
            problems.add(Violation.malformed("Consent.status", "is required"));
        } else {
            status = ConsentRecord.Status.valueOf(
                    consent.getStatus().toCode().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        Consent.ProvisionComponent provision = consent.getProvision();
        Consent.ConsentProvisionType type = provision.getType();
        if (type == null || type == Consent.ConsentProvisionType.NULL) {
            problems.add(Violation.rule("Consent.provision.type", "is required (permit or deny)"));
        }
        if (consent.hasDateTime() && consent.getDateTime().toInstant().isAfter(receivedAt.plus(CLOCK_SKEW))) {
            problems.add(Violation.rule("Consent.dateTime", "is in the future"));
        }
        // The hub's check understands who and what for, nothing finer: a permission it cannot read
        // in full must not be read as wider than it is.
        if (type == Consent.ConsentProvisionType.PERMIT) {
            if (provision.hasProvision()) {
                problems.add(Violation.rule("Consent.provision.provision", "nested exceptions are not supported"));
            }
            for (int i = 0; i < provision.getActor().size(); i++) {
                Identifier who = provision.getActor().get(i).getReference().getIdentifier();
                if (!JunctionSystems.PARTNER_ID.equals(who.getSystem()) || !who.hasValue()) {
                    problems.add(Violation.rule("Consent.provision.actor[" + i + "]",
                            "must name a partner by its partner-id identifier"));
                }
            }
            for (int i = 0; i < provision.getPurpose().size(); i++) {
                if (!provision.getPurpose().get(i).hasCode()) {
                    problems.add(Violation.rule("Consent.provision.purpose[" + i + "]", "must carry a code"));
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new MappingException(problems);
        }
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
                receivedAt);
        return new Parsed(record, List.copyOf(subject));
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
