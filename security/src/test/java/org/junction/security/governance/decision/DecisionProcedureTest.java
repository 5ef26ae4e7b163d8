package org.junction.security.governance.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junction.security.governance.GovernanceFixtures.CRU;
import static org.junction.security.governance.GovernanceFixtures.GP;
import static org.junction.security.governance.GovernanceFixtures.MASH;
import static org.junction.security.governance.GovernanceFixtures.NOW;
import static org.junction.security.governance.GovernanceFixtures.VOLUNTEER;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.governance.GovernanceFixtures;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.AgreementStatus;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The decision procedure, case by case: one row per branch, named for what it shows. */
class DecisionProcedureTest {

    static final UUID REFERRAL = UUID.fromString("0b6f5a8e-2c1d-4e3f-9a8b-7c6d5e4f3a21");
    static final UUID OVERRIDE_ID = UUID.fromString("d0000000-0000-4000-8000-000000000001");
    static final Instant RECEIVED = NOW.minus(Duration.ofMinutes(5));
    static final Instant YESTERDAY = NOW.minus(Duration.ofDays(1));

    // ---- consents ----

    static ConsentRecord permit(Set<String> recipients, Set<String> purposes, Instant from, Instant until, Instant recordedAt) {
        return new ConsentRecord(UUID.nameUUIDFromBytes(("p" + recipients + purposes + from + until + recordedAt).getBytes()),
                ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.PERMIT, purposes, recipients, from, until, recordedAt);
    }

    static ConsentRecord permitFor(Recipient r) {
        return permit(Set.of(r.partnerId()), Set.of("PATSFTY"), YESTERDAY, null, YESTERDAY);
    }

    static ConsentRecord deny(Instant recordedAt) {
        return new ConsentRecord(UUID.nameUUIDFromBytes(("d" + recordedAt).getBytes()), ConsentRecord.Status.ACTIVE,
                ConsentRecord.Provision.DENY, Set.of("PATSFTY"), Set.of(), null, null, recordedAt);
    }

    static ConsentRecord inactive(ConsentRecord c, Instant recordedAt) {
        return new ConsentRecord(c.id(), ConsentRecord.Status.INACTIVE, c.provision(), c.purposes(), c.recipients(),
                c.validFrom(), c.validUntil(), recordedAt);
    }

    // ---- override records ----

    static OverrideRecord override(String title, String organisation) {
        return new OverrideRecord(OVERRIDE_ID, OverrideRecord.Reason.NOT_SOUGHT_RISK,
                List.of("6(1)(e)", "9(2)(g)+DPA2018-Sch1-para18", "CareAct2014-s42"),
                new OverrideRecord.RiskEvidence("DASH", "HIGH", "PC 4471", false, true),
                "High DASH score and threats to kill; asking would alert the alleged perpetrator.",
                title == null ? null : new OverrideRecord.DecisionMaker("Inspector Invented", title, organisation, "u-71"),
                NOW.minus(Duration.ofMinutes(2)), OverrideRecord.SubjectInformed.DEFERRED,
                "telling the subject now would increase the risk");
    }

    static OverrideRecord inspector() {
        return override("Duty Inspector", "northshire-police");
    }

    static OverrideRecord with(OverrideRecord o, Consumer<Object[]> change) {
        Object[] f = {o.reason(), o.basisCodes(), o.riskEvidence(), o.justification(), o.decisionMaker(), o.decidedAt(),
                o.subjectInformed(), o.notInformedReason()};
        change.accept(f);
        @SuppressWarnings("unchecked")
        List<String> codes = (List<String>) f[1];
        return new OverrideRecord(o.decisionId(), (OverrideRecord.Reason) f[0], codes,
                (OverrideRecord.RiskEvidence) f[2], (String) f[3], (OverrideRecord.DecisionMaker) f[4],
                (Instant) f[5], (OverrideRecord.SubjectInformed) f[6], (String) f[7]);
    }

    // ---- registries ----

    static AgreementRegistry registry() {
        return GovernanceFixtures.registry();
    }

    static AgreementRegistry withStatus(AgreementStatus status) {
        Agreement a = GovernanceFixtures.agreement();
        Agreement changed = new Agreement(a.id(), a.version(), status, a.title(), a.owner(), a.parties(),
                a.effectiveFrom(), a.reviewDate(), a.expires(), a.flows(), a.reverseFlows());
        return new AgreementRegistry(List.of(changed), GovernanceFixtures.approvals(a));
    }

    static AgreementRegistry withoutApprovalOf(String organisation, boolean approvedEarlierVersion) {
        Agreement a = GovernanceFixtures.agreement();
        Set<AgreementApproval> approvals = new HashSet<>(GovernanceFixtures.approvals(a));
        approvals.remove(new AgreementApproval(a.id(), a.version(), organisation));
        if (approvedEarlierVersion) {
            approvals.add(new AgreementApproval(a.id(), a.version() - 1, organisation));
        }
        return new AgreementRegistry(List.of(a), approvals);
    }

    // ---- cases ----

    record Expect(Verdict verdict, String reason, BasisKind basis) {
    }

    record Case(String name, AgreementRegistry registry, DecisionInput input, Recipient recipient, boolean misdirected,
                Expect expect, Consumer<SharingOutcome> also) {
        @Override
        public String toString() {
            return name;
        }
    }

    static DecisionInput input(ReferralModel referral, List<ConsentRecord> consents, OverrideRecord override,
                               boolean vital, Instant at) {
        return new DecisionInput(REFERRAL, "corr-471", GovernanceFixtures.SENDER, GovernanceFixtures.SENDER_ORGANISATION,
                referral, consents, override, vital, RECEIVED, at);
    }

    static DecisionInput input(List<ConsentRecord> consents, OverrideRecord override) {
        return input(GovernanceFixtures.rich(), consents, override, false, NOW);
    }

    static Case c(String name, DecisionInput in, Recipient to, Expect expect) {
        return new Case(name, registry(), in, to, false, expect, o -> { });
    }

    static Case c(String name, DecisionInput in, Recipient to, Expect expect, Consumer<SharingOutcome> also) {
        return new Case(name, registry(), in, to, false, expect, also);
    }

    static Case c(String name, AgreementRegistry registry, DecisionInput in, Recipient to, Expect expect) {
        return new Case(name, registry, in, to, false, expect, o -> { });
    }

    static Expect permit(String reason, BasisKind basis) {
        return new Expect(Verdict.PERMIT, reason, basis);
    }

    static Expect deny(String reason) {
        return new Expect(Verdict.DENY, reason, null);
    }

    static Expect hold(String reason) {
        return new Expect(Verdict.HOLD, reason, null);
    }

    static Stream<Case> cases() {
        ReferralModel rich = GovernanceFixtures.rich();
        ReferralModel childConcern = GovernanceFixtures.rich("CHILD_CONCERN", List.of("DA"));
        ReferralModel homelessness = GovernanceFixtures.rich("HOMELESSNESS", List.of("HOMELESS"));
        List<ConsentRecord> gpConsent = List.of(permitFor(GP));
        return Stream.of(
                c("consent covering the GP permits on consent and the agreement", input(gpConsent, null), GP,
                        permit("CONSENT_GIVEN", BasisKind.CONSENT_AGREEMENT), o -> {
                            assertThat(o.consentId()).isEqualTo(gpConsent.get(0).id());
                            assertThat(o.legalBasisCodes()).startsWith("6(1)(e)").contains("CareAct2014-s42");
                            assertThat(o.agreementId()).isEqualTo("north-safeguarding");
                            assertThat(o.agreementVersion()).isEqualTo(3);
                            assertThat(o.flowId()).isEqualTo("police-to-gp");
                        }),
                c("consent naming the recipient's organisation counts",
                        input(List.of(permit(Set.of("north-gp"), Set.of(), YESTERDAY, null, YESTERDAY)), null), GP,
                        permit("CONSENT_GIVEN", BasisKind.CONSENT_AGREEMENT)),
                c("expired agreement denies ISA_EXPIRED even with consent",
                        input(rich, gpConsent, null, false, Instant.parse("2027-01-05T10:00:00Z")), GP,
                        deny("ISA_EXPIRED")),
                c("agreement whose file says EXPIRED", withStatus(AgreementStatus.EXPIRED), input(gpConsent, null), GP,
                        deny("ISA_EXPIRED")),
                c("suspended agreement", withStatus(AgreementStatus.SUSPENDED), input(gpConsent, null), GP,
                        deny("ISA_SUSPENDED")),
                c("terminated agreement", withStatus(AgreementStatus.TERMINATED), input(gpConsent, null), GP,
                        deny("ISA_TERMINATED")),
                c("draft agreement", withStatus(AgreementStatus.DRAFT), input(gpConsent, null), GP,
                        deny("ISA_NOT_ACTIVE")),
                c("agreement not yet effective", registry(),
                        input(rich, gpConsent, null, false, Instant.parse("2025-12-15T10:00:00Z")), GP,
                        deny("ISA_NOT_YET_EFFECTIVE")),
                c("a party has not approved", withoutApprovalOf("north-gp", false), input(gpConsent, null), GP,
                        deny("ISA_NOT_APPROVED")),
                c("a party approved only an earlier version", withoutApprovalOf("north-befrienders", true),
                        input(gpConsent, null), GP, deny("ISA_NOT_APPROVED")),
                c("wrong purpose has no flow",
                        input(GovernanceFixtures.withPurpose(rich, "COC"), gpConsent, null, false, NOW), GP,
                        deny("NO_ISA"), o -> assertThat(o.disclosure()).isNull()),
                c("wrong referral type has no flow", input(homelessness, gpConsent, null, false, NOW), GP,
                        deny("NO_ISA")),
                c("consent for a different recipient holds for a decision",
                        input(List.of(permitFor(VOLUNTEER)), null), GP, hold("DECISION_REQUIRED"),
                        o -> assertThat(o.consentStatus()).isEqualTo(ConsentState.Status.OTHER_RECIPIENT)),
                c("consent outside its period holds for a decision",
                        input(List.of(permit(Set.of("gp-north"), Set.of("PATSFTY"), YESTERDAY.minus(Duration.ofDays(60)),
                                YESTERDAY.minus(Duration.ofDays(30)), YESTERDAY.minus(Duration.ofDays(60)))), null), GP,
                        hold("DECISION_REQUIRED"),
                        o -> assertThat(o.consentStatus()).isEqualTo(ConsentState.Status.OUTSIDE_PERIOD)),
                c("consent for another purpose is no consent", input(List.of(permit(Set.of("gp-north"), Set.of("COC"),
                        null, null, YESTERDAY)), null), GP, hold("DECISION_REQUIRED"),
                        o -> assertThat(o.consentStatus()).isEqualTo(ConsentState.Status.NONE)),
                c("consent withdrawn by a later refusal", input(List.of(permitFor(GP), deny(NOW.minusSeconds(60))), null),
                        GP, hold("DECISION_REQUIRED"),
                        o -> assertThat(o.consentStatus()).isEqualTo(ConsentState.Status.WITHDRAWN)),
                c("withdrawn consent to a volunteer denies",
                        input(List.of(inactive(permitFor(VOLUNTEER), NOW.minusSeconds(60))), null), VOLUNTEER,
                        deny("CONSENT_WITHDRAWN"),
                        o -> assertThat(o.consentStatus()).isEqualTo(ConsentState.Status.WITHDRAWN)),
                c("no consent and no decision holds for an authorised decision-maker", input(List.of(), null), GP,
                        hold("DECISION_REQUIRED"), o -> {
                            assertThat(o.decisionDueBy()).isEqualTo(NOW.plus(Duration.ofHours(4)));
                            assertThat(o.decisionMakers()).extracting(r -> r.title()).containsExactly("Duty Inspector");
                            assertThat(o.disclosure()).as("the decider sees the minimised payload").isNotNull();
                            assertThat(o.legalBasisCodes()).isEmpty();
                        }),
                c("complete override by the duty inspector permits", input(List.of(), inspector()), GP,
                        permit("OVERRIDE_RECORDED", BasisKind.OVERRIDE), o -> {
                            assertThat(o.decisionId()).isEqualTo(OVERRIDE_ID);
                            assertThat(o.record().decisionMakerTitle()).isEqualTo("Duty Inspector");
                            assertThat(o.record().consentNotGivenReason()).isEqualTo("NOT_SOUGHT_RISK");
                            assertThat(o.record().subjectInformed()).isEqualTo("DEFERRED");
                            assertThat(o.legalBasisCodes()).contains("9(2)(g)+DPA2018-Sch1-para18");
                        }),
                c("refusal overridden by a complete record permits",
                        input(List.of(deny(YESTERDAY)), with(inspector(), f -> f[0] = OverrideRecord.Reason.REFUSED_BUT_OVERRIDDEN)),
                        GP, permit("OVERRIDE_RECORDED", BasisKind.OVERRIDE)),
                c("override without a decision-maker holds, never permits", input(List.of(), override(null, null)), GP,
                        hold("OVERRIDE_DECISION_MAKER_MISSING")),
                c("decision-maker in an unauthorised role holds",
                        input(List.of(), override("Response Officer", "northshire-police")), GP,
                        hold("DECISION_MAKER_NOT_AUTHORISED")),
                c("an authorised title in another organisation is not authorised",
                        input(List.of(), override("Duty Inspector", "northshire-council")), GP,
                        hold("DECISION_MAKER_NOT_AUTHORISED")),
                c("override without a justification is incomplete",
                        input(List.of(), with(inspector(), f -> f[3] = "because")), GP, hold("OVERRIDE_RECORD_INCOMPLETE")),
                c("override on standard risk without other evidence is incomplete",
                        input(List.of(), with(inspector(), f -> f[2] = new OverrideRecord.RiskEvidence("DASH", "STANDARD",
                                "PC 4471", false, false))), GP, hold("OVERRIDE_RECORD_INCOMPLETE")),
                c("override not telling the subject without saying why is incomplete",
                        input(List.of(), with(inspector(), f -> f[7] = " ")), GP, hold("OVERRIDE_RECORD_INCOMPLETE")),
                c("override without an Art 9 code for health data is incomplete",
                        input(List.of(), with(inspector(), f -> f[1] = List.of("6(1)(e)"))), GP,
                        hold("OVERRIDE_RECORD_INCOMPLETE")),
                c("override dated after the decision is incomplete",
                        input(List.of(), with(inspector(), f -> f[5] = NOW.plusSeconds(60))), GP,
                        hold("OVERRIDE_RECORD_INCOMPLETE")),
                c("consent wins over an incomplete override", input(gpConsent, override(null, null)), GP,
                        permit("CONSENT_GIVEN", BasisKind.CONSENT_AGREEMENT)),
                c("volunteer without consent is denied", input(List.of(), null), VOLUNTEER,
                        deny("CONSENT_REQUIRED_FOR_NON_STATUTORY_RECIPIENT")),
                c("volunteer who refused is denied", input(List.of(deny(YESTERDAY)), null), VOLUNTEER,
                        deny("CONSENT_REFUSED"),
                        o -> assertThat(o.consentStatus()).isEqualTo(ConsentState.Status.REFUSED)),
                c("an override cannot send to a volunteer", input(List.of(), inspector()), VOLUNTEER,
                        deny("CONSENT_REQUIRED_FOR_NON_STATUTORY_RECIPIENT")),
                c("volunteer with consent gets the minimised referral", input(List.of(permitFor(VOLUNTEER)), null),
                        VOLUNTEER, permit("CONSENT_GIVEN", BasisKind.CONSENT_AGREEMENT), o -> {
                            assertThat(o.disclosure().referral().narrative()).isNull();
                            assertThat(o.disclosure().referral().relatedPersons()).isEmpty();
                            assertThat(o.disclosure().disclosedCategories()).doesNotContain(DataCategory.DOMESTIC_ABUSE,
                                    DataCategory.CRIMINAL_ALLEGATION, DataCategory.MENTAL_HEALTH);
                            assertThat(o.record().withheldItems()).contains(DataItem.NARRATIVE);
                        }),
                c("child concern to the MASH is a statutory duty without consent",
                        input(childConcern, List.of(), null, false, NOW), MASH,
                        permit("STATUTORY_DUTY", BasisKind.STATUTORY_DUTY), o -> {
                            assertThat(o.legalBasisCodes()).contains("CA2004-s11", "CA1989-s47");
                            assertThat(o.disclosure().referral().relatedPersons()).extracting(p -> p.role())
                                    .contains("CHILD_IN_HOUSEHOLD");
                        }),
                c("consent is the preferred basis where there is one",
                        input(childConcern, List.of(permitFor(MASH)), null, false, NOW), MASH,
                        permit("CONSENT_GIVEN", BasisKind.CONSENT_AGREEMENT)),
                c("child in household is assessed and redacted where the flow does not allow it",
                        input(List.of(), override("CRU Team Manager", "northshire-council")), CRU,
                        permit("OVERRIDE_RECORDED", BasisKind.OVERRIDE), o -> {
                            assertThat(o.disclosure().referral().relatedPersons()).extracting(p -> p.role())
                                    .containsExactly("CARER");
                            assertThat(o.disclosure().withheldItems()).contains(DataItem.RELATED_CHILD_IN_HOUSEHOLD);
                            assertThat(o.record().withheldCategories()).contains(DataCategory.CHILD);
                        }),
                c("immediate risk to life on a flow allowing it permits on vital interests",
                        input(rich, List.of(), null, true, NOW), GP, permit("VITAL_INTERESTS", BasisKind.VITAL_INTERESTS),
                        o -> assertThat(o.retrospectiveRecordDue()).isEqualTo(NOW.plus(Duration.ofHours(24)))),
                c("immediate risk to life on a flow without the path still holds",
                        input(rich, List.of(), null, true, NOW), CRU, hold("DECISION_REQUIRED")),
                c("homelessness without consent is denied even to the council",
                        input(homelessness, List.of(), inspector(), false, NOW), CRU,
                        deny("CONSENT_REQUIRED_FOR_HOMELESSNESS")),
                c("homelessness with consent goes to the council",
                        input(homelessness, List.of(permitFor(CRU)), null, false, NOW), CRU,
                        permit("CONSENT_GIVEN", BasisKind.CONSENT_AGREEMENT)),
                new Case("misdirected recipient is held even with consent", registry(), input(gpConsent, null), GP, true,
                        hold("MISDIRECTION_SUSPECTED"), o -> assertThat(o.basisKind()).isNull()),
                new Case("misdirected recipient with no agreement stays denied", registry(),
                        input(homelessness, gpConsent, null, false, NOW), GP, true, deny("NO_ISA"), o -> { }),
                c("a flow to a kind reaches only that kind's partners within the agreement", input(List.of(permitFor(
                        GovernanceFixtures.CRU_SOUTH)), null), GovernanceFixtures.CRU_SOUTH, deny("NO_ISA")),
                c("a sender with no agreement has no flow", new AgreementRegistry(List.of(), Set.of()),
                        input(gpConsent, null), GP, deny("NO_ISA")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decides(Case c) {
        SharingOutcome o = DecisionProcedure.decide(c.registry(), c.input(), c.recipient(), c.misdirected());
        assertThat(o.verdict()).as("verdict").isEqualTo(c.expect().verdict());
        assertThat(o.reasonCode()).as("reason").isEqualTo(c.expect().reason());
        assertThat(o.basisKind()).as("basis").isEqualTo(c.expect().basis());
        assertThat(o.record().verdict()).isEqualTo(o.verdict());
        assertThat(o.record().reasonCode()).isEqualTo(o.reasonCode());
        assertThat(o.recipient()).isEqualTo(c.recipient());
        c.also().accept(o);
    }

    @Test
    void atLeastTwentyFiveCases() {
        assertThat(cases().count()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void theRecordCarriesTheDecisionFieldsTheHubKnows() {
        SharingOutcome o = DecisionProcedure.decide(registry(), input(List.of(), inspector()), GP);
        DecisionRecord r = o.record();
        assertThat(r.referralId()).isEqualTo(REFERRAL);
        assertThat(r.correlationId()).isEqualTo("corr-471");
        assertThat(r.receivedAt()).isEqualTo(RECEIVED);
        assertThat(r.decidedAt()).isEqualTo(NOW);
        assertThat(r.disclosingPartner()).isEqualTo("police-north");
        assertThat(r.disclosingOrganisation()).isEqualTo("northshire-police");
        assertThat(r.receivingPartner()).isEqualTo("gp-north");
        assertThat(r.receivingOrganisation()).isEqualTo("north-gp");
        assertThat(r.requesterRole()).isEqualTo("Response officer");
        assertThat(r.controllerRelationship()).isEqualTo("CONTROLLER/CONTROLLER");
        assertThat(r.senderRegime()).isEqualTo("PART3");
        assertThat(r.purpose()).isEqualTo("PATSFTY");
        assertThat(r.lawfulBasis().art6()).isEqualTo("6(1)(e)");
        assertThat(r.retention().recipient()).isEqualTo(java.time.Period.ofYears(6));
        assertThat(r.classification()).isEqualTo("OFFICIAL-SENSITIVE");
        assertThat(r.disclosedItems()).contains(DataItem.SUBJECT_NHS_NUMBER);
        assertThat(r.riskGrade()).isEqualTo("HIGH");
        assertThat(r.riskAssessor()).isEqualTo("PC 4471");
        assertThat(r.whyNecessary()).startsWith("High DASH score");
        assertThat(r.decisionMakerName()).isEqualTo("Inspector Invented");
        assertThat(r.decisionMakerUserId()).isEqualTo("u-71");
        assertThat(r.notInformedReason()).isNotBlank();
        assertThat(r.basisKind()).isEqualTo(BasisKind.OVERRIDE);
        // No subject's personal data in the record: its strings are codes, roles and practitioners.
        assertThat(r.toString()).doesNotContain(GovernanceFixtures.NHS_NUMBER).doesNotContain("Testfield")
                .doesNotContain("NX1");
    }
}
