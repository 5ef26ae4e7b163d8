package org.junction.console.audit;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junction.security.identity.Person;

/**
 * What the audit API needs from the hub: ledger search, subject access reports and the release of
 * restricted disclosures. Every call that gets this far is recorded in the ledger, with a digest
 * of the caller's reason. Implemented by the application.
 */
public interface AuditLedger {

    /**
     * A person's identifier as the caller typed it. The hub only ever stores its pseudonyms; the
     * value is never logged, echoed or written to the ledger.
     *
     * @param kind   a code for the criteria record: NHS_NUMBER, POLICE_ID, COUNCIL_ID or OTHER
     * @param system the identifier system the hub's pseudonyms were made under
     */
    record Subject(String kind, String system, String value) {
        @Override
        public String toString() {
            return "Subject[" + kind + "]";
        }
    }

    /** What to search for; every field but page and size may be null (no filter). */
    record SearchCriteria(Subject subject, String partner, String purpose, String basisKind, String outcome,
                          String eventType, Instant from, Instant to, int page, int size) {

        /** The criteria as codes for the audit record: which identifier system, never the identifier. */
        public String summary() {
            StringBuilder s = new StringBuilder();
            append(s, "subject", subject == null ? null : subject.kind());
            append(s, "partner", partner);
            append(s, "purpose", purpose);
            append(s, "basisKind", basisKind);
            append(s, "outcome", outcome);
            append(s, "eventType", eventType);
            append(s, "from", from);
            append(s, "to", to);
            append(s, "page", page);
            append(s, "size", size);
            return s.toString();
        }

        private static void append(StringBuilder s, String name, Object value) {
            if (value != null) {
                s.append(s.isEmpty() ? "" : " ").append(name).append('=').append(value);
            }
        }
    }

    /** One ledger event as the search answers it: ids and codes, no pseudonyms. */
    record EventView(UUID eventId, String type, Instant at, String actor, UUID trackingId, String sender,
                     String recipient, String purpose, String outcome, String reasonCode, int generation,
                     String basisKind, List<String> basisCodes, String agreementId, Integer agreementVersion,
                     String flowId, UUID consentId, UUID decisionId, String decisionMaker, List<String> dataCategories,
                     List<String> labels) {
    }

    /**
     * @param searchEventId the SEARCHED ledger event that records this search
     * @param more          whether a further page holds more
     */
    record SearchResult(UUID searchEventId, int page, int size, boolean more, List<EventView> events) {
    }

    SearchResult search(SearchCriteria criteria, String reason, Person caller);

    /**
     * One disclosure about the subject: a PERMIT decision and its delivery.
     *
     * @param consentId     the consent record the decision relied on, if any
     * @param decisionMaker the person who decided, when a person did (an override); null for the hub's procedure
     */
    record Disclosure(UUID trackingId, String senderOrganisation, String sender, String recipientOrganisation,
                      String recipient, String purpose, List<String> dataCategories, Instant decidedAt,
                      Instant deliveredAt, String basisKind, List<String> basisCodes, String agreementId,
                      Integer agreementVersion, UUID consentId, UUID decisionId, String decisionMaker) {
    }

    /**
     * @param exportEventId the EXPORTED ledger event
     * @param withheld      restricted disclosures left out, for the IG lead only: never printed in the report
     */
    record SubjectAccessReport(UUID exportEventId, Instant producedAt, String producedBy, String format,
                               List<Disclosure> disclosures, int withheld) {
    }

    /** @param format HTML or CSV */
    SubjectAccessReport subjectAccess(Subject subject, String format, String reason, Person caller);

    enum ReleaseResult {
        RELEASED,
        /** No disclosure of this referral the caller may see. */
        NOT_FOUND,
        /** The caller sees it, but their organisation did not send it: only the source releases. */
        NOT_SOURCE,
        /** Nothing of this referral carries the restricted label. */
        NOT_RESTRICTED,
        ALREADY_RELEASED
    }

    record Release(ReleaseResult result, UUID trackingId, UUID eventId) {
    }

    Release release(UUID trackingId, String reason, Person caller);

    /**
     * A restricted disclosure its source has not released: ids, partners and codes, nothing of the subject.
     *
     * @param timesWithheld how many subject access reports left it out so far
     * @param lastWithheld  when the latest of them did; null while none has
     */
    record AwaitingRelease(UUID trackingId, String sender, String recipient, String purpose, Instant decidedAt,
                           int timesWithheld, Instant lastWithheld) {
    }

    /**
     * @param waiting newest first, at most {@code limit} referrals
     * @param more    whether more than {@code limit} await release, so {@code waiting} is only the newest of them
     */
    record AwaitingList(List<AwaitingRelease> waiting, int limit, boolean more) {
    }

    /**
     * The restricted disclosures sent by the caller's own organisation's partners that are not yet
     * released: those the caller may release (see {@link #release}), whatever their scope.
     */
    AwaitingList awaitingRelease(Person caller);

    /** One referral's entry in {@link #awaitingRelease(Person)}, if it is there (without its limit). */
    Optional<AwaitingRelease> awaitingRelease(UUID trackingId, Person caller);

    /**
     * The partner systems whose ledger events {@code caller} may read (see the hub's audit scope:
     * what they sent, and what they received and were meant to learn of); null for hub-wide scope.
     */
    List<String> scopeOf(Person caller);

    /**
     * Records that ledger content is about to leave the hub: EXPORTED, outcome = the format,
     * criteria = what was asked (codes and times), the caller's reason kept sealed.
     *
     * @return the EXPORTED event's id
     */
    UUID recordExport(String format, String criteria, String reason, Person caller);
}
