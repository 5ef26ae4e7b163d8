package org.junction.security.governance.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junction.security.governance.GovernanceFixtures.CRU;
import static org.junction.security.governance.GovernanceFixtures.CRU_SOUTH;
import static org.junction.security.governance.GovernanceFixtures.GP;
import static org.junction.security.governance.GovernanceFixtures.GP_SOUTH;
import static org.junction.security.governance.GovernanceFixtures.MASH;
import static org.junction.security.governance.GovernanceFixtures.SENDER;
import static org.junction.security.governance.GovernanceFixtures.TODAY;
import static org.junction.security.governance.GovernanceFixtures.VOLUNTEER;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Subject;
import org.junction.security.governance.GovernanceFixtures;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.agreement.RecipientKind;
import org.junction.security.governance.decision.DecisionInput;
import org.junction.security.governance.decision.DecisionProcedure;
import org.junction.security.governance.decision.SharingOutcome;
import org.junction.security.governance.decision.Verdict;
import org.junction.security.governance.routing.RecipientResolver.Request;
import org.junction.security.governance.routing.RecipientResolver.Resolution;
import org.junit.jupiter.api.Test;

class RecipientResolverTest {

    static final Map<String, Recipient> PARTNERS = Stream.of(GP, MASH, CRU, VOLUNTEER, CRU_SOUTH, GP_SOUTH)
            .collect(Collectors.toMap(Recipient::partnerId, Function.identity()));
    static final AreaRouting ROUTING = new AreaRouting(
            Map.of("NX1", List.of("cru-north", "mash-north"), "sx1", List.of("cru-south")),
            Map.of("Y99901", "gp-north", "S00001", "gp-south"));
    static final AgreementRegistry REGISTRY = GovernanceFixtures.registry();

    static Resolution resolve(ReferralModel referral, RecipientKind kind, String partner) {
        return RecipientResolver.resolve(new Request(SENDER, referral.purpose(), referral.referralType(), kind, partner),
                referral, REGISTRY.flowsInForce(TODAY), PARTNERS, ROUTING);
    }

    static ReferralModel livingIn(String postcode, String practice) {
        ReferralModel m = GovernanceFixtures.rich();
        Subject s = m.subject();
        List<ReferralModel.Address> addresses = postcode == null ? List.of()
                : List.of(new ReferralModel.Address("home", List.of("1 Invented Street"), null, null, postcode, null));
        return GovernanceFixtures.withSubject(m, new Subject(s.identifiers(), s.nhsNumberVerification(), s.name(),
                s.birthDate(), false, s.gender(), addresses, s.contacts(), s.language(), s.interpreterRequired(),
                s.communicationNeeds(), practice));
    }

    @Test
    void everyRecipientTheFlowsAllowInTheSubjectsArea() {
        Resolution r = resolve(GovernanceFixtures.rich(), null, null);
        assertThat(r.recipients()).containsExactlyInAnyOrder(GP, MASH, CRU, VOLUNTEER);
        assertThat(r.misdirected()).isEmpty();
    }

    @Test
    void aKindIsResolvedByArea() {
        assertThat(resolve(GovernanceFixtures.rich(), RecipientKind.COUNCIL, null).recipients()).containsExactly(CRU);
        assertThat(resolve(GovernanceFixtures.rich(), RecipientKind.MASH, null).recipients()).containsExactly(MASH);
        assertThat(resolve(GovernanceFixtures.rich(), RecipientKind.HEALTH, null).recipients()).containsExactly(GP);
    }

    @Test
    void aCouncilOutsideEveryAgreementIsNeverResolved() {
        // The south council serves SX1 but is no party to the north agreement.
        assertThat(resolve(livingIn("SX1 1AA", "Y99901"), RecipientKind.COUNCIL, null).recipients()).isEmpty();
    }

    @Test
    void aPracticeFlowDoesNotReachPatientsOfAnotherPractice() {
        assertThat(resolve(livingIn("NX1 2AB", "S00001"), RecipientKind.HEALTH, null).recipients()).isEmpty();
    }

    @Test
    void aKindNoFlowCarriesResolvesNothing() {
        ReferralModel adult = GovernanceFixtures.rich("ADULT_AT_RISK", List.of("FINANCIAL_ABUSE"));
        assertThat(resolve(adult, RecipientKind.MASH, null).recipients()).isEmpty();
        assertThat(resolve(adult, null, null).recipients()).containsExactlyInAnyOrder(GP, CRU, VOLUNTEER);
    }

    @Test
    void aNamedRecipientInTheSubjectsAreaStands() {
        Resolution r = resolve(GovernanceFixtures.rich(), null, "cru-north");
        assertThat(r.recipients()).containsExactly(CRU);
        assertThat(r.misdirected()).isEmpty();
    }

    @Test
    void aNamedCouncilForAnotherAreaIsMisdirectedAndHeld() {
        ReferralModel referral = GovernanceFixtures.rich();
        Resolution r = resolve(referral, null, "cru-south");
        assertThat(r.recipients()).isEmpty();
        assertThat(r.misdirected()).containsExactly(CRU_SOUTH);
        // A named recipient the agreement does cover, sent to the wrong area, is held, not sent.
        Resolution gp = resolve(livingIn("NX1 2AB", "S00001"), null, "gp-north");
        assertThat(gp.misdirected()).containsExactly(GP);
        DecisionInput in = new DecisionInput(java.util.UUID.randomUUID(), null, SENDER,
                GovernanceFixtures.SENDER_ORGANISATION, livingIn("NX1 2AB", "S00001"), List.of(), null, true,
                GovernanceFixtures.NOW, GovernanceFixtures.NOW);
        SharingOutcome outcome = DecisionProcedure.decide(REGISTRY, in, GP, true);
        assertThat(outcome.verdict()).isEqualTo(Verdict.HOLD);
        assertThat(outcome.reasonCode()).isEqualTo("MISDIRECTION_SUSPECTED");
    }

    @Test
    void aNamedPracticeForAnotherPatientIsMisdirected() {
        assertThat(resolve(GovernanceFixtures.rich(), null, "gp-south").misdirected()).containsExactly(GP_SOUTH);
    }

    @Test
    void withoutAKnownAreaANamedRecipientCannotBeChecked() {
        Resolution r = resolve(livingIn(null, null), null, "cru-south");
        assertThat(r.recipients()).containsExactly(CRU_SOUTH);
        assertThat(r.misdirected()).isEmpty();
    }

    @Test
    void anUnknownNamedPartnerIsReported() {
        Resolution r = resolve(GovernanceFixtures.rich(), null, "nobody-here");
        assertThat(r.recipients()).isEmpty();
        assertThat(r.unknown()).isEqualTo("nobody-here");
    }
}
