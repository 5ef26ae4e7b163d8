package org.junction.security.governance.decision;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.AgreementRegistry.AgreementFlow;
import org.junction.security.governance.agreement.ConsentRule;
import org.junction.security.governance.agreement.Flow;
import org.junction.security.governance.agreement.Party;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.agreement.Standing;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;
import org.junction.security.governance.minimise.Disclosure;
import org.junction.security.governance.minimise.Minimiser;

/**
 * Decides, for one referral and one recipient, whether the hub may send, following domain.md 2.3
 * with DESIGN.md's amendments: find the flow, minimise to it first, then let the voters decide on
 * what remains. Votes combine REJECT-wins; without an AUTHORIZE nothing is sent: a HOLD vote, or a
 * flow that allows a recorded override, holds the referral for a decision-maker, anything else is
 * a DENY. Pure: the clock, the registry, the consents and any override record are inputs.
 *
 * <p>The hub makes no safeguarding judgement here; it enforces the configured agreements and
 * consent, and demands a recorded human decision wherever consent is missing.
 */
public final class DecisionProcedure {

    /** Agreement dates are English calendar days. */
    public static final ZoneId AGREEMENT_ZONE = ZoneId.of("Europe/London");

    private static final String HOMELESSNESS = "HOMELESSNESS";
    private static final List<BasisKind> BASIS_PREFERENCE = List.of(BasisKind.CONSENT_AGREEMENT,
            BasisKind.STATUTORY_DUTY, BasisKind.OVERRIDE, BasisKind.VITAL_INTERESTS);

    private DecisionProcedure() {
    }

    public static SharingOutcome decide(AgreementRegistry registry, DecisionInput in, Recipient recipient) {
        return decide(registry, in, recipient, false);
    }

    /**
     * @param misdirectionSuspected the recipient was named by the sender but does not serve the
     *                              subject's area: what would be sent is held for a person to check
     */
    public static SharingOutcome decide(AgreementRegistry registry, DecisionInput in, Recipient recipient,
                                        boolean misdirectionSuspected) {
        LocalDate today = LocalDate.ofInstant(in.at(), AGREEMENT_ZONE);
        ReferralModel referral = in.referral();
        List<AgreementFlow> carrying = registry.flowsCarrying(in.sender(), recipient, referral.purpose(),
                referral.referralType());
        if (carrying.isEmpty()) {
            return noAgreement(in, recipient);
        }
        AgreementFlow chosen = carrying.stream().filter(af -> af.standing(today, registry.approvals()).inForce())
                .findFirst().orElse(carrying.get(0));
        Agreement agreement = chosen.agreement();
        Flow flow = chosen.flow();
        Standing standing = chosen.standing(today, registry.approvals());
        Disclosure disclosure = Minimiser.minimise(referral, flow, today);
        ConsentState consent = Consents.state(in.consents(), recipient, referral.purpose(), in.at());

        List<Vote> votes = List.of(
                agreementVoter(standing, flow, disclosure),
                nonStatutoryRecipientVoter(recipient, referral, flow, consent),
                consentVoter(consent),
                statutoryDutyVoter(flow, recipient),
                overrideVoter(in, flow, disclosure),
                vitalInterestsVoter(in, flow));

        Verdict verdict;
        String reason;
        BasisKind basis = null;
        Optional<Vote> reject = first(votes, Vote.Kind.REJECT);
        Optional<Vote> hold = first(votes, Vote.Kind.HOLD);
        if (reject.isPresent()) {
            verdict = Verdict.DENY;
            reason = reject.get().reasonCode();
        } else if (votes.stream().anyMatch(v -> v.kind() == Vote.Kind.AUTHORIZE)) {
            basis = BASIS_PREFERENCE.stream()
                    .filter(b -> votes.stream().anyMatch(v -> v.basis() == b)).findFirst().orElseThrow();
            BasisKind chosenBasis = basis;
            verdict = Verdict.PERMIT;
            reason = votes.stream().filter(v -> v.basis() == chosenBasis).findFirst().orElseThrow().reasonCode();
        } else if (hold.isPresent()) {
            verdict = Verdict.HOLD;
            reason = hold.get().reasonCode();
        } else if (flow.overrideAllowed()) {
            verdict = Verdict.HOLD;
            reason = ReasonCodes.DECISION_REQUIRED;
        } else {
            verdict = Verdict.DENY;
            reason = consent.status().reasonCode();
        }
        if (misdirectionSuspected && verdict != Verdict.DENY) {
            // Even a permitted disclosure waits: the wrong council or practice is a breach.
            verdict = Verdict.HOLD;
            reason = ReasonCodes.MISDIRECTION_SUSPECTED;
            basis = null;
        }

        List<String> codes = new ArrayList<>();
        if (verdict == Verdict.PERMIT) {
            Set<String> all = new LinkedHashSet<>(flow.lawfulBasis().codes());
            if (basis == BasisKind.OVERRIDE) {
                all.addAll(in.overrideRecord().basisCodes());
            }
            codes.addAll(all);
        }
        OverrideRecord override = in.overrideRecord();
        Instant retrospective = basis == BasisKind.VITAL_INTERESTS ? in.at().plus(flow.retrospectiveRecordWithin()) : null;
        Instant dueBy = verdict == Verdict.HOLD ? in.at().plus(flow.maximumDecisionWait()) : null;
        DecisionRecord record = record(in, recipient, agreement, flow, disclosure, consent, verdict, reason, basis);
        return new SharingOutcome(in.referralId(), recipient, verdict, reason, basis, codes, agreement.id(),
                agreement.version(), flow.id(), consent.consentId(), override == null ? null : override.decisionId(),
                consent.status(), disclosure, in.at(), retrospective, dueBy,
                verdict == Verdict.HOLD ? flow.decisionMakers() : List.of(), votes, record);
    }

    /** The agreement must be in force, and nothing may go that the flow does not permit. */
    static Vote agreementVoter(Standing standing, Flow flow, Disclosure disclosure) {
        if (!standing.inForce()) {
            return Vote.reject("agreement", standing.reasonCode());
        }
        // Minimisation already removed these; a failure here is a defect, and the share stops.
        if (!flow.dataCategories().containsAll(disclosure.disclosedCategories())
                || !flow.dataItems().containsAll(disclosure.disclosedItems().stream()
                        .filter(i -> i != DataItem.REFERRAL_ENVELOPE).toList())) {
            return Vote.reject("agreement", ReasonCodes.CATEGORY_NOT_PERMITTED);
        }
        return Vote.abstain("agreement", null);
    }

    /**
     * Volunteer and other non-statutory recipients offer voluntary engagement, and a homelessness
     * referral (Housing Act 1996 s.213B) needs the person's consent: without consent, no send,
     * unless the flow explicitly allows it.
     */
    static Vote nonStatutoryRecipientVoter(Recipient recipient, ReferralModel referral, Flow flow, ConsentState consent) {
        if (consent.given() || flow.nonConsensualSharingAllowed()) {
            return Vote.abstain("non-statutory-recipient", null);
        }
        if (!recipient.kind().statutory()) {
            // The person said no, or took a yes back: say so, rather than that consent was needed.
            boolean declined = consent.status() == ConsentState.Status.REFUSED
                    || consent.status() == ConsentState.Status.WITHDRAWN;
            return Vote.reject("non-statutory-recipient", declined ? consent.status().reasonCode()
                    : ReasonCodes.CONSENT_REQUIRED_FOR_NON_STATUTORY_RECIPIENT);
        }
        if (HOMELESSNESS.equals(referral.referralType())) {
            return Vote.reject("non-statutory-recipient", ReasonCodes.CONSENT_REQUIRED_FOR_HOMELESSNESS);
        }
        return Vote.abstain("non-statutory-recipient", null);
    }

    static Vote consentVoter(ConsentState consent) {
        return consent.given()
                ? Vote.authorize("consent", ReasonCodes.CONSENT_GIVEN, BasisKind.CONSENT_AGREEMENT)
                : Vote.abstain("consent", consent.status().reasonCode());
    }

    static Vote statutoryDutyVoter(Flow flow, Recipient recipient) {
        if (flow.consentRule() == ConsentRule.NEVER && recipient.kind().statutory()) {
            return Vote.authorize("statutory-duty", ReasonCodes.STATUTORY_DUTY, BasisKind.STATUTORY_DUTY);
        }
        return Vote.abstain("statutory-duty", null);
    }

    /**
     * A recorded decision to share without consent authorises only when complete and made by
     * someone holding a role title the flow authorises; anything less is held for a person, never sent.
     */
    static Vote overrideVoter(DecisionInput in, Flow flow, Disclosure disclosure) {
        OverrideRecord record = in.overrideRecord();
        if (record == null) {
            return Vote.abstain("override", null);
        }
        if (!flow.overrideAllowed()) {
            return Vote.abstain("override", "OVERRIDE_NOT_ALLOWED");
        }
        if (!record.hasDecisionMaker()) {
            return Vote.hold("override", ReasonCodes.OVERRIDE_DECISION_MAKER_MISSING);
        }
        if (!flow.authorises(record.decisionMaker().organisation(), record.decisionMaker().title())) {
            return Vote.hold("override", ReasonCodes.DECISION_MAKER_NOT_AUTHORISED);
        }
        if (!record.missing(disclosure.specialCategory(), in.at()).isEmpty()) {
            return Vote.hold("override", ReasonCodes.OVERRIDE_RECORD_INCOMPLETE);
        }
        return Vote.authorize("override", ReasonCodes.OVERRIDE_RECORDED, BasisKind.OVERRIDE);
    }

    static Vote vitalInterestsVoter(DecisionInput in, Flow flow) {
        if (!in.immediateRiskToLife()) {
            return Vote.abstain("vital-interests", null);
        }
        if (!flow.vitalInterestsAllowed()) {
            return Vote.abstain("vital-interests", "VITAL_INTERESTS_NOT_ALLOWED");
        }
        return Vote.authorize("vital-interests", ReasonCodes.VITAL_INTERESTS, BasisKind.VITAL_INTERESTS);
    }

    private static Optional<Vote> first(List<Vote> votes, Vote.Kind kind) {
        return votes.stream().filter(v -> v.kind() == kind).findFirst();
    }

    private static SharingOutcome noAgreement(DecisionInput in, Recipient recipient) {
        ConsentState consent = Consents.state(in.consents(), recipient, in.referral().purpose(), in.at());
        DecisionRecord record = record(in, recipient, null, null, null, consent, Verdict.DENY, ReasonCodes.NO_ISA, null);
        return new SharingOutcome(in.referralId(), recipient, Verdict.DENY, ReasonCodes.NO_ISA, null, List.of(), null,
                null, null, consent.consentId(),
                in.overrideRecord() == null ? null : in.overrideRecord().decisionId(), consent.status(), null, in.at(),
                null, null, List.of(), List.of(Vote.reject("agreement", ReasonCodes.NO_ISA)), record);
    }

    private static DecisionRecord record(DecisionInput in, Recipient recipient, Agreement agreement, Flow flow,
                                         Disclosure disclosure, ConsentState consent, Verdict verdict, String reason,
                                         BasisKind basis) {
        ReferralModel referral = in.referral();
        OverrideRecord override = in.overrideRecord();
        Optional<Party> sending = agreement == null ? Optional.empty() : agreement.party(in.senderOrganisation());
        Optional<Party> receiving = agreement == null ? Optional.empty() : agreement.party(recipient.organisation());
        String relationship = sending.isPresent() && receiving.isPresent()
                ? sending.get().role() + "/" + receiving.get().role() : null;
        String riskTool = null;
        String riskGrade = null;
        String riskAssessor = null;
        if (override != null && override.riskEvidence() != null) {
            riskTool = override.riskEvidence().tool();
            riskGrade = override.riskEvidence().grade();
            riskAssessor = override.riskEvidence().assessor();
        } else if (referral.risk() != null) {
            riskTool = referral.risk().tool();
            riskGrade = referral.risk().grade();
        }
        var decider = override == null ? null : override.decisionMaker();
        Set<DataCategory> none = Set.of();
        return new DecisionRecord(override == null ? null : override.decisionId(), in.referralId(), in.correlationId(),
                in.receivedAt(), in.at(), in.sender(), in.senderOrganisation(), recipient.partnerId(),
                recipient.organisation(), referral.requester() == null ? null : referral.requester().role(),
                referral.requester() == null ? null : referral.requester().organisation(),
                agreement == null ? null : agreement.id(), agreement == null ? null : agreement.version(),
                flow == null ? null : flow.id(), relationship, sending.map(p -> p.regime().name()).orElse(null),
                referral.purpose(), referral.referralType(), flow == null ? null : flow.lawfulBasis(),
                override == null ? List.of() : override.basisCodes(), flow == null ? null : flow.retention(),
                disclosure == null ? referral.classification().marking() : disclosure.referral().classification().marking(),
                disclosure == null ? Set.of() : disclosure.disclosedItems(),
                disclosure == null ? none : disclosure.disclosedCategories(),
                disclosure == null ? Set.of() : disclosure.withheldItems(),
                disclosure == null ? none : disclosure.withheldCategories(),
                consent.status().name(), consent.consentId(),
                override == null || override.reason() == null ? null : override.reason().name(),
                riskTool, riskGrade, riskAssessor, verdict, reason, basis,
                override == null ? null : override.justification(),
                decider == null ? null : decider.name(), decider == null ? null : decider.title(),
                decider == null ? null : decider.organisation(), decider == null ? null : decider.userId(),
                override == null ? null : override.decidedAt(),
                override == null || override.subjectInformed() == null ? null : override.subjectInformed().name(),
                override == null ? null : override.notInformedReason());
    }
}
