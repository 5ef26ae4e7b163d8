package org.junction.security.governance.decision;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.governance.agreement.DecisionMakerRole;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.minimise.Disclosure;

/**
 * The decision for one referral and one recipient.
 *
 * @param reasonCode              why, as a code (never free text): CONSENT_GIVEN, NO_ISA, ISA_EXPIRED, DECISION_REQUIRED...
 * @param basisKind               the footing of a PERMIT; null for DENY and HOLD
 * @param legalBasisCodes         the codes a PERMIT relies on (the flow's, plus an override's own); empty otherwise
 * @param consentId               the consent record that decided the consent state, or null
 * @param decisionId              the recorded override considered, or null
 * @param disclosure              what the recipient gets (PERMIT) or would get (HOLD, a DENY after a flow was found);
 *                                null when no flow carries the referral
 * @param retrospectiveRecordDue  for VITAL_INTERESTS: when the decision record is due; null otherwise
 * @param decisionDueBy           for HOLD: when waiting longer raises an alert; null otherwise
 * @param decisionMakers          for HOLD: the role titles that may decide it
 * @param votes                   each voter's say, in order, for the record
 */
public record SharingOutcome(UUID referralId, Recipient recipient, Verdict verdict, String reasonCode,
                             BasisKind basisKind, List<String> legalBasisCodes, String agreementId,
                             Integer agreementVersion, String flowId, UUID consentId, UUID decisionId,
                             ConsentState.Status consentStatus, Disclosure disclosure, Instant decidedAt,
                             Instant retrospectiveRecordDue, Instant decisionDueBy,
                             List<DecisionMakerRole> decisionMakers, List<Vote> votes, DecisionRecord record) {

    public SharingOutcome {
        Objects.requireNonNull(referralId, "referralId");
        Objects.requireNonNull(recipient, "recipient");
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reasonCode, "reasonCode");
        if ((verdict == Verdict.PERMIT) != (basisKind != null)) {
            throw new IllegalArgumentException("a PERMIT, and only a PERMIT, has a basis kind");
        }
        if (verdict == Verdict.PERMIT && disclosure == null) {
            throw new IllegalArgumentException("a PERMIT sends a minimised disclosure");
        }
        legalBasisCodes = List.copyOf(legalBasisCodes);
        decisionMakers = List.copyOf(decisionMakers);
        votes = List.copyOf(votes);
        Objects.requireNonNull(record, "record");
    }

    public boolean permits() {
        return verdict == Verdict.PERMIT;
    }

    /**
     * What the ledger keeps of this decision: its footing and, for a PERMIT, the categories
     * disclosed (nothing is disclosed on a DENY or HOLD, whatever the flow would have carried).
     *
     * @param correlationId the sender's conversation id, or null
     * @param decisionMaker the person whose decision this is, or null for the hub's own
     * @param restricted    the sender labelled the referral for restricted disclosure
     */
    public LedgerDetails ledgerDetails(String correlationId, String decisionMaker, boolean restricted) {
        List<String> categories = permits()
                ? disclosure.disclosedCategories().stream().map(Enum::name).sorted().toList() : List.of();
        return new LedgerDetails(correlationId, basisKind == null ? null : basisKind.name(), legalBasisCodes,
                agreementId, agreementVersion, flowId, consentId, decisionId, decisionMaker, categories,
                restricted ? List.of(LedgerDetails.RESTRICTED_DISCLOSURE) : List.of());
    }
}
