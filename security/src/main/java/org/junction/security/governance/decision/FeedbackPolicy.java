package org.junction.security.governance.decision;

import java.time.LocalDate;
import java.util.Optional;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.ReverseFlow;

/**
 * What feedback (accepted, rejected, outcome, free text) a recipient may send back to the sender
 * along the flow a referral went out on. The status code itself is the hub's own business and
 * always goes back; free text only where the agreement's reverse flow says FREE_TEXT and the
 * agreement is still in force.
 */
public final class FeedbackPolicy {

    /** What of a feedback message reaches the sender. */
    public enum Allowed {
        /** The status code only: any free text is dropped. */
        STATUS_ONLY,
        /** The status code and the recipient's free text. */
        FREE_TEXT
    }

    private FeedbackPolicy() {
    }

    /**
     * @param agreementId the agreement of the original PERMIT
     * @param version     its version at the time
     * @param flowId      the flow the referral went out on
     */
    public static Allowed allowed(AgreementRegistry registry, String agreementId, int version, String flowId,
                                  LocalDate today) {
        Optional<Agreement> agreement = registry.agreements().stream()
                .filter(a -> a.id().equals(agreementId) && a.version() == version).findFirst();
        boolean freeText = agreement.isPresent()
                && agreement.get().standing(today, registry.approvals()).inForce()
                && agreement.get().reverseFlow(flowId).map(ReverseFlow::freeTextAllowed).orElse(false);
        return freeText ? Allowed.FREE_TEXT : Allowed.STATUS_ONLY;
    }
}
