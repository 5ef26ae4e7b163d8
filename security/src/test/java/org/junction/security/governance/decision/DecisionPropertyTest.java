package org.junction.security.governance.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.governance.GovernanceFixtures;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.AgreementStatus;
import org.junction.security.governance.agreement.ConsentRule;
import org.junction.security.governance.agreement.Flow;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.data.DataItem;

/**
 * Whatever the agreements, approvals, dates, consents, override records and flags: no PERMIT
 * without a covering consent, a complete override by an authorised decision-maker, a
 * vital-interests path, or a statutory-duty flow, and never under an agreement not in force.
 * The checks here are written independently of the procedure's own code.
 */
class DecisionPropertyTest {

    static final Agreement AGREEMENT = GovernanceFixtures.agreement();
    static final Instant BASE = GovernanceFixtures.NOW;

    record Scenario(AgreementStatus status, Set<String> approving, boolean wrongVersion, Instant at,
                    Recipient recipient, String referralType, String purpose, List<ConsentRecord> consents,
                    OverrideRecord override, boolean vital, boolean misdirected) {
    }

    @Property(tries = 3000, seed = "20261123")
    void noPermitWithoutALawfulFooting(@ForAll("scenarios") Scenario s) {
        Set<AgreementApproval> approvals = new java.util.HashSet<>();
        s.approving().forEach(o -> approvals.add(new AgreementApproval(AGREEMENT.id(),
                AGREEMENT.version() - (s.wrongVersion() ? 1 : 0), o)));
        Agreement agreement = new Agreement(AGREEMENT.id(), AGREEMENT.version(), s.status(), AGREEMENT.title(),
                AGREEMENT.owner(), AGREEMENT.parties(), AGREEMENT.effectiveFrom(), AGREEMENT.reviewDate(),
                AGREEMENT.expires(), AGREEMENT.flows(), AGREEMENT.reverseFlows());
        ReferralModel referral = GovernanceFixtures.withPurpose(
                GovernanceFixtures.rich(s.referralType(), List.of("DA", "MH")), s.purpose());
        DecisionInput in = new DecisionInput(UUID.randomUUID(), null, GovernanceFixtures.SENDER,
                GovernanceFixtures.SENDER_ORGANISATION, referral, s.consents(), s.override(), s.vital(), s.at(), s.at());

        SharingOutcome o = DecisionProcedure.decide(new AgreementRegistry(List.of(agreement), approvals), in,
                s.recipient(), s.misdirected());
        Statistics.label("outcome").collect(o.basisKind() == null ? o.verdict().name() : o.basisKind().name());
        // The property means something only if every kind of outcome actually occurs.
        Statistics.label("outcome").coverage(coverage -> {
            for (String kind : List.of("DENY", "HOLD", "CONSENT_AGREEMENT", "OVERRIDE", "VITAL_INTERESTS",
                    "STATUTORY_DUTY")) {
                coverage.check(kind).count(n -> n >= 5);
            }
        });

        if (o.disclosure() != null) {
            Flow flow = agreement.flow(o.flowId()).orElseThrow();
            assertThat(flow.dataCategories()).containsAll(o.disclosure().disclosedCategories());
            assertThat(o.disclosure().disclosedItems())
                    .allMatch(i -> i == DataItem.REFERRAL_ENVELOPE || flow.dataItems().contains(i));
        }
        if (!o.permits()) {
            assertThat(o.legalBasisCodes()).isEmpty();
            return;
        }
        Flow flow = agreement.flow(o.flowId()).orElseThrow();
        java.time.LocalDate today = java.time.LocalDate.ofInstant(s.at(), DecisionProcedure.AGREEMENT_ZONE);
        assertThat(s.status()).isEqualTo(AgreementStatus.ACTIVE);
        assertThat(s.wrongVersion()).isFalse();
        assertThat(s.approving()).containsAll(agreement.parties().stream().map(p -> p.organisation()).toList());
        assertThat(today).isAfterOrEqualTo(agreement.effectiveFrom()).isBefore(agreement.expires());
        assertThat(s.misdirected()).isFalse();
        assertThat(flow.purposes()).contains(s.purpose());
        assertThat(flow.referralTypes()).contains(s.referralType());
        assertThat(o.legalBasisCodes()).contains(flow.lawfulBasis().art6());

        boolean consent = coveringConsent(s.consents(), s.recipient(), s.purpose(), s.at());
        if (!s.recipient().kind().statutory() || s.referralType().equals("HOMELESSNESS")) {
            assertThat(consent).as("non-statutory recipients and homelessness need consent").isTrue();
        }
        switch (o.basisKind()) {
            case CONSENT_AGREEMENT -> assertThat(consent).isTrue();
            case STATUTORY_DUTY -> assertThat(flow.consentRule()).isEqualTo(ConsentRule.NEVER);
            case VITAL_INTERESTS -> {
                assertThat(s.vital()).isTrue();
                assertThat(flow.vitalInterestsAllowed()).isTrue();
                assertThat(o.retrospectiveRecordDue()).isAfter(s.at());
            }
            case OVERRIDE -> {
                assertThat(flow.overrideAllowed()).isTrue();
                assertThat(completeAndAuthorised(s.override(), flow, s.at())).isTrue();
            }
            default -> throw new AssertionError("unknown basis " + o.basisKind());
        }
    }

    /** An active permit covering recipient, purpose and moment, with nothing withdrawing it at or after it. */
    static boolean coveringConsent(List<ConsentRecord> consents, Recipient r, String purpose, Instant at) {
        for (ConsentRecord c : consents) {
            boolean covers = c.status() == ConsentRecord.Status.ACTIVE && c.provision() == ConsentRecord.Provision.PERMIT
                    && !c.recordedAt().isAfter(at) && speaksTo(c, r, purpose)
                    && (c.validFrom() == null || !at.isBefore(c.validFrom()))
                    && (c.validUntil() == null || at.isBefore(c.validUntil()));
            if (!covers) {
                continue;
            }
            boolean withdrawn = consents.stream().filter(d -> d != c)
                    .filter(d -> !d.recordedAt().isAfter(at) && !d.recordedAt().isBefore(c.recordedAt()))
                    .filter(d -> speaksTo(d, r, purpose))
                    .anyMatch(d -> (d.status() == ConsentRecord.Status.ACTIVE && d.provision() == ConsentRecord.Provision.DENY)
                            || (d.status() == ConsentRecord.Status.INACTIVE && d.provision() == ConsentRecord.Provision.PERMIT));
            if (!withdrawn) {
                return true;
            }
        }
        return false;
    }

    private static boolean speaksTo(ConsentRecord c, Recipient r, String purpose) {
        return (c.purposes().isEmpty() || c.purposes().contains(purpose))
                && (c.recipients().isEmpty() || c.recipients().contains(r.partnerId())
                        || c.recipients().contains(r.organisation()));
    }

    static boolean completeAndAuthorised(OverrideRecord o, Flow flow, Instant at) {
        if (o == null || o.reason() == null || o.decisionMaker() == null || o.decidedAt() == null
                || o.decidedAt().isAfter(at) || o.subjectInformed() == null) {
            return false;
        }
        var d = o.decisionMaker();
        boolean authorised = flow.decisionMakers().stream()
                .anyMatch(r -> r.title().equals(d.title()) && r.organisation().equals(d.organisation()));
        boolean informed = o.subjectInformed() == OverrideRecord.SubjectInformed.YES
                || (o.notInformedReason() != null && !o.notInformedReason().isBlank());
        var risk = o.riskEvidence();
        boolean evidence = risk != null && (Set.of("HIGH", "MEDIUM").contains(risk.grade())
                || risk.childProtectionConcern() || risk.adultAtRiskTestMet());
        return authorised && informed && evidence && d.name() != null && !d.name().isBlank()
                && o.justification() != null && o.justification().strip().length() >= 20
                && o.basisCodes().stream().anyMatch(c -> c.startsWith("6(1)("));
    }

    // ---- generators ----

    @Provide
    Arbitrary<Scenario> scenarios() {
        List<String> organisations = AGREEMENT.parties().stream().map(p -> p.organisation()).toList();
        Arbitrary<Set<String>> approving = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(Set.copyOf(organisations))),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(organisations).set()));
        // Mostly a day the agreement is in force, and the days around its edges.
        Arbitrary<Instant> at = Arbitraries.of(Instant.parse("2025-12-20T10:00:00Z"), BASE, BASE, BASE, BASE,
                Instant.parse("2026-12-31T23:00:00Z"), Instant.parse("2027-01-01T00:30:00Z"),
                Instant.parse("2027-02-01T10:00:00Z"));
        Arbitrary<Recipient> recipient = Arbitraries.of(GovernanceFixtures.GP, GovernanceFixtures.MASH,
                GovernanceFixtures.CRU, GovernanceFixtures.VOLUNTEER, GovernanceFixtures.CRU_SOUTH);
        Arbitrary<String> type = Arbitraries.of("PPN_DOMESTIC_ABUSE", "CHILD_CONCERN", "ADULT_AT_RISK", "HOMELESSNESS",
                "MENTAL_HEALTH", "COMMUNITY_STEPDOWN");
        Arbitrary<String> purpose = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(5, Arbitraries.just("PATSFTY")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("COC")));
        Arbitrary<AgreementStatus> status = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.just(AgreementStatus.ACTIVE)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(AgreementStatus.class)));
        return Combinators.combine(status, approving, Arbitraries.of(false, false, false, true), at, recipient, type,
                        purpose, Arbitraries.integers().between(0, Integer.MAX_VALUE))
                .as((st, ap, wv, when, to, ty, pu, seed) -> {
                    java.util.Random random = new java.util.Random(seed);
                    return new Scenario(st, ap, wv, when, to, ty, pu, consents(random, when, to), override(random, when),
                            random.nextBoolean(), random.nextInt(8) == 0);
                });
    }

    private static <T> T pick(java.util.Random random, List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    private static Instant around(java.util.Random random, Instant at) {
        return at.plus(Duration.ofHours(random.nextInt(24 * 60) - 24 * 50));
    }

    static List<ConsentRecord> consents(java.util.Random random, Instant at, Recipient to) {
        List<ConsentRecord> consents = new ArrayList<>();
        if (random.nextInt(3) == 0) {
            // Often a plain covering consent, so that consent-based permits (and their withdrawal
            // by the random records after it) are exercised.
            consents.add(new ConsentRecord(new UUID(random.nextLong(), random.nextLong()), ConsentRecord.Status.ACTIVE,
                    ConsentRecord.Provision.PERMIT, Set.of("PATSFTY"), Set.of(to.partnerId()), null, null,
                    at.minus(Duration.ofDays(2))));
        }
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            Instant recorded = around(random, at);
            Instant from = random.nextBoolean() ? null : around(random, at);
            Instant until = random.nextBoolean() ? null : around(random, at);
            consents.add(new ConsentRecord(new UUID(random.nextLong(), random.nextLong()),
                    pick(random, List.of(ConsentRecord.Status.ACTIVE, ConsentRecord.Status.ACTIVE,
                            ConsentRecord.Status.INACTIVE, ConsentRecord.Status.DRAFT,
                            ConsentRecord.Status.ENTERED_IN_ERROR)),
                    random.nextInt(3) == 0 ? ConsentRecord.Provision.DENY : ConsentRecord.Provision.PERMIT,
                    pick(random, List.of(Set.of(), Set.of("PATSFTY"), Set.of("COC"))),
                    pick(random, List.of(Set.of(), Set.of("gp-north"), Set.of("volunteer-north"), Set.of("north-gp"),
                            Set.of("cru-north", "mash-north"), Set.of("cru-south"))),
                    from, until, recorded));
        }
        return consents;
    }

    static OverrideRecord override(java.util.Random random, Instant at) {
        if (random.nextInt(3) == 0) {
            return null;
        }
        if (random.nextBoolean()) {
            // A complete record by an authorised decision-maker, with one field spoiled half the time.
            OverrideRecord good = DecisionProcedureTest.inspector();
            return random.nextBoolean() ? good : DecisionProcedureTest.with(good, f -> f[random.nextInt(f.length)] = null);
        }
        OverrideRecord.DecisionMaker maker = random.nextInt(6) == 0 ? null : new OverrideRecord.DecisionMaker(
                pick(random, java.util.Arrays.asList("Inspector Invented", " ", null)),
                pick(random, List.of("Duty Inspector", "CRU Team Manager", "Response Officer")),
                pick(random, List.of("northshire-police", "northshire-council")), "u-1");
        return new OverrideRecord(new UUID(random.nextLong(), random.nextLong()),
                random.nextInt(8) == 0 ? null : pick(random, List.of(OverrideRecord.Reason.values())),
                pick(random, List.of(List.of(), List.of("6(1)(e)"), List.of("6(1)(e)", "9(2)(g)+DPA2018-Sch1-para18"))),
                random.nextInt(6) == 0 ? null : new OverrideRecord.RiskEvidence("DASH",
                        pick(random, List.of("HIGH", "MEDIUM", "STANDARD", "NOT_ASSESSED")), "PC 1",
                        random.nextBoolean(), random.nextInt(3) == 0),
                pick(random, java.util.Arrays.asList(null, "short", "A serious and imminent risk of harm to the subject.")),
                maker,
                random.nextInt(6) == 0 ? at.plusSeconds(60) : at.minusSeconds(60),
                random.nextInt(8) == 0 ? null : pick(random, List.of(OverrideRecord.SubjectInformed.values())),
                pick(random, java.util.Arrays.asList(null, "", "informing would alert the alleged perpetrator")));
    }
}
