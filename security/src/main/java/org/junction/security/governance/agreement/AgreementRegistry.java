package org.junction.security.governance.agreement;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The configured agreements and the approvals recorded for them: everything the decision
 * procedure and the recipient resolver need to know about agreements, as values.
 */
public record AgreementRegistry(List<Agreement> agreements, Set<AgreementApproval> approvals) {

    /** A flow with the agreement it belongs to. */
    public record AgreementFlow(Agreement agreement, Flow flow) {
        public Standing standing(LocalDate today, Set<AgreementApproval> approvals) {
            return agreement.standing(today, approvals);
        }

        /**
         * Whether the flow reaches the recipient and the recipient's organisation is a party: a
         * flow to a kind reaches only that kind's partners within the agreement.
         */
        public boolean reaches(Recipient recipient) {
            return flow.reaches(recipient) && agreement.party(recipient.organisation()).isPresent();
        }
    }

    public AgreementRegistry {
        // Ordered by id, so when several agreements could carry a referral the choice is stable.
        agreements = agreements.stream().sorted(Comparator.comparing(Agreement::id)).toList();
        approvals = Set.copyOf(approvals);
    }

    /** Every flow, in agreement id order and then file order. */
    public List<AgreementFlow> flows() {
        return agreements.stream().flatMap(a -> a.flows().stream().map(f -> new AgreementFlow(a, f))).toList();
    }

    /** Flows of agreements in force on {@code today}. */
    public List<AgreementFlow> flowsInForce(LocalDate today) {
        return flows().stream().filter(af -> af.standing(today, approvals).inForce()).toList();
    }

    /** Flows (in force or not) that carry a referral of this type for this purpose from this sender to this recipient. */
    public List<AgreementFlow> flowsCarrying(String sender, Recipient recipient, String purpose, String referralType) {
        return flows().stream()
                .filter(af -> af.reaches(recipient) && af.flow().carries(sender, purpose, referralType))
                .toList();
    }
}
