package org.junction.console.decisions;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junction.security.identity.Person;

/**
 * What the decisions API needs from the hub: the referrals held for the caller to decide, the
 * decision itself, and the IG review list of approved overrides. Implemented by the application.
 */
public interface DecisionAdministration {

    /** The held referrals whose flow authorises one of the caller's role titles in their organisation. */
    List<PendingView> pending(Person caller);

    /** The same list without payloads, so nothing of a subject is shown (nor recorded as viewed). */
    List<PendingView> waiting(Person caller);

    /** One held referral with its payload, its view recorded; empty unless it waits for one of the caller's titles. */
    java.util.Optional<PendingView> pendingItem(UUID id, Person caller);

    DecisionOutcome decide(UUID id, DecisionRequest request, Person caller);

    /** Approved overrides on the flows the caller's organisation is party to (all when hub-wide). */
    List<OverrideView> overrides(Person caller);

    /**
     * @param payload    what the recipient would receive: the minimised referral as a FHIR Bundle
     * @param reasonHeld why it waits (DECISION_REQUIRED, MISDIRECTION_SUSPECTED ...)
     */
    record PendingView(UUID id, UUID trackingId, String sender, String recipient, String purpose, String agreementId,
                       int agreementVersion, String flowId, String reasonHeld, Instant waitingSince, Instant decideBy,
                       @JsonRawValue String payload) {
    }

    record RiskEvidence(String tool, String grade, String assessor, Boolean childProtectionConcern,
                        Boolean adultAtRiskTestMet) {
    }

    /**
     * @param decision        APPROVE or DECLINE
     * @param reason          UNABLE, NOT_SOUGHT_RISK or REFUSED_BUT_OVERRIDDEN (approvals only)
     * @param subjectInformed YES, NO or DEFERRED (approvals only)
     */
    record DecisionRequest(String decision, String reason, List<String> basisCodes, RiskEvidence riskEvidence,
                           String justification, String subjectInformed, String notInformedReason) {
    }

    enum Result {
        /** Approved: shared under the override, a new generation of the decision. */
        APPROVED,
        DECLINED,
        NOT_FOUND,
        /** Already approved or declined by someone. */
        ALREADY_DECIDED,
        /** The caller holds no title the flow authorises. */
        NOT_AUTHORISED,
        /** The request or the decision record is incomplete; {@code fields} names what. */
        INCOMPLETE,
        /** The procedure would still not share (the agreement is no longer in force, say); {@code reasonCode} says why. */
        NOT_PERMITTED
    }

    /**
     * @param generation the generation of the decision that approval or decline made
     * @param fields     for INCOMPLETE and NOT_AUTHORISED: the request fields at fault
     */
    record DecisionOutcome(Result result, UUID id, String state, Integer generation, String verdict, String basisKind,
                           String reasonCode, UUID decisionId, List<String> fields) {
    }

    /**
     * @param decidedBy the decision-maker's login id
     * @param review    the IG review of the override, or null while none is recorded
     */
    record OverrideView(UUID id, UUID trackingId, UUID decisionId, String sender, String recipient,
                        String agreementId, int agreementVersion, String flowId, String reason, String decidedBy,
                        Instant decidedAt, ReviewView review) {
    }

    /** @param outcome UPHELD or CONCERN_RAISED */
    record ReviewView(String outcome, String reviewedBy, Instant reviewedAt) {
    }

    /**
     * @param outcome UPHELD or CONCERN_RAISED
     * @param note    what the concern is, in the reviewer's words (required for a concern); kept sealed
     */
    record ReviewRequest(String outcome, String note) {
        /** A note, once stripped, is this long at least: long enough to say what the concern is. */
        public static final int MIN_NOTE = 10;
        public static final int MAX_NOTE = 2000;
    }

    enum ReviewResult {
        REVIEWED,
        /** No approved override with this decision id on a flow the caller's organisation is party to. */
        NOT_FOUND,
        ALREADY_REVIEWED,
        /** {@code fields} names what is missing or wrong. */
        INVALID
    }

    record ReviewOutcome(ReviewResult result, UUID decisionId, String outcome, UUID eventId, List<String> fields) {
    }

    /** An IG lead of a party organisation (or hub-wide) records the outcome of reviewing an approved override. */
    ReviewOutcome review(UUID decisionId, ReviewRequest request, Person caller);
}
