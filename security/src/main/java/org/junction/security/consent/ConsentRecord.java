package org.junction.security.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * What a recorded consent says, reduced to what a sharing decision needs.
 *
 * @param purposes   purpose-of-use codes it covers; empty covers every purpose
 * @param recipients partner ids it covers; empty covers every recipient
 * @param validFrom  start of its period, or null
 * @param validUntil end of its period, or null for open-ended
 */
public record ConsentRecord(UUID id, Status status, Provision provision, Set<String> purposes, Set<String> recipients,
                            Instant validFrom, Instant validUntil, Instant recordedAt) {

    /** FHIR R4 Consent.status values the hub distinguishes. */
    public enum Status { ACTIVE, INACTIVE, REJECTED, DRAFT, PROPOSED, ENTERED_IN_ERROR }

    /** Whether the consent permits or refuses sharing. */
    public enum Provision { PERMIT, DENY }

    public ConsentRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(provision, "provision");
        Objects.requireNonNull(recordedAt, "recordedAt");
        purposes = Set.copyOf(purposes);
        recipients = Set.copyOf(recipients);
    }

    /**
     * Whether this record takes back an agreement the person gave before: a refusal, or a permit
     * made inactive, about a purpose one of the {@code earlier} active permits covered. A refusal
     * with no agreement before it is not a withdrawal, only a refusal.
     */
    public boolean withdraws(Collection<ConsentRecord> earlier) {
        if (provision != Provision.DENY && status != Status.INACTIVE) {
            return false;
        }
        return earlier.stream().filter(e -> !e.id.equals(id))
                .filter(e -> e.provision == Provision.PERMIT && e.status == Status.ACTIVE)
                .anyMatch(e -> purposes.isEmpty() || e.purposes.isEmpty()
                        || e.purposes.stream().anyMatch(purposes::contains));
    }

    /** Whether this consent speaks about sharing with {@code recipient} for {@code purpose} at {@code at}. */
    public boolean covers(String recipient, String purpose, Instant at) {
        return status == Status.ACTIVE
                && (purposes.isEmpty() || purposes.contains(purpose))
                && (recipients.isEmpty() || recipients.contains(recipient))
                && (validFrom == null || !at.isBefore(validFrom))
                && (validUntil == null || at.isBefore(validUntil));
    }
}
