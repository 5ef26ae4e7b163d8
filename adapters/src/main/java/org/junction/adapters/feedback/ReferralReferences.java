package org.junction.adapters.feedback;

import static org.junction.mappings.fhir.JunctionSystems.SOURCE_REF;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.hl7.fhir.r4.model.Identifier;
import org.junction.adapters.intake.IntakeService;
import org.junction.mappings.canonical.Referral;
import org.junction.security.keys.KeyRing;
import org.junction.security.pseudonym.Pseudonymiser;

/**
 * Keeps, for each referral taken in, a keyed pseudonym of the referrer's own reference, so an
 * outcome that quotes only that reference (a MASH that never saw the tracking id) can still be
 * linked. The reference itself is not stored: it can identify an incident.
 */
public class ReferralReferences implements IntakeService.StoredListener {

    private final OutcomeStore store;
    private final Pseudonymiser pseudonymiser;
    private final KeyRing keys;

    public ReferralReferences(OutcomeStore store, Pseudonymiser pseudonymiser, KeyRing keys) {
        this.store = Objects.requireNonNull(store);
        this.pseudonymiser = Objects.requireNonNull(pseudonymiser);
        this.keys = Objects.requireNonNull(keys);
    }

    @Override
    public void stored(Referral referral, String senderPartnerId, Instant receivedAt) {
        Optional<String> ref = sourceRef(referral);
        if (ref.isEmpty()) {
            return;
        }
        String pseudonym;
        try {
            pseudonym = pseudonymiser.pseudonymise(SOURCE_REF, ref.get()).toString();
        } catch (IllegalArgumentException onlySpaces) {
            // A reference of nothing but separators names nothing; it must not cost the referral its intake.
            return;
        }
        store.insertReference(referral.trackingId(), senderPartnerId, pseudonym, receivedAt);
    }

    /** The pseudonyms a reference may be stored under: one per pseudonym key still in the ring. */
    public List<String> pseudonymsOf(String sourceRef) {
        return keys.pseudonymKeyIds().stream()
                .sorted()
                .map(keyId -> pseudonymiser.pseudonymiseWith(keyId, SOURCE_REF, sourceRef).toString())
                .toList();
    }

    private static Optional<String> sourceRef(Referral referral) {
        return referral.serviceRequest().getIdentifier().stream()
                .filter(i -> SOURCE_REF.equals(i.getSystem()) && i.hasValue() && !i.getValue().isBlank())
                .map(Identifier::getValue)
                .findFirst();
    }
}
