package org.junction.security.governance.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;
import org.junit.jupiter.api.Test;

class AgreementFileTest {

    static final String FILE = "agreements/north-safeguarding.yaml";
    static final Map<String, String> PARTNERS = Map.of(
            "police-north", "northshire-police",
            "gp-north", "north-gp",
            "mash-north", "northshire-council",
            "cru-north", "northshire-council",
            "volunteer-north", "north-befrienders");

    static String sample() {
        try (InputStream in = AgreementFileTest.class.getResourceAsStream("/governance/agreements/north-safeguarding.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test agreement, read as the hub reads it. */
    static Agreement sampleAgreement() {
        List<AgreementProblem> problems = new ArrayList<>();
        Agreement agreement = AgreementFile.read(sample(), FILE, PARTNERS, problems);
        assertThat(problems).isEmpty();
        return agreement;
    }

    private static List<AgreementProblem> problems(String yaml) {
        List<AgreementProblem> problems = new ArrayList<>();
        Agreement agreement = AgreementFile.read(yaml, FILE, PARTNERS, problems);
        assertThat(agreement).as("an agreement with problems is not returned").isNull();
        return problems;
    }

    private static List<String> keys(List<AgreementProblem> problems) {
        return problems.stream().map(AgreementProblem::key).toList();
    }

    private static String sampleWith(String from, String to) {
        String yaml = sample();
        assertThat(yaml).contains(from);
        return yaml.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to));
    }

    @Test
    void readsEveryFieldOfTheSample() {
        Agreement a = sampleAgreement();
        assertThat(a.id()).isEqualTo("north-safeguarding");
        assertThat(a.version()).isEqualTo(3);
        assertThat(a.status()).isEqualTo(AgreementStatus.ACTIVE);
        assertThat(a.owner()).isEqualTo(new Owner("northshire-police", "Force Data Protection Officer"));
        assertThat(a.parties()).hasSize(4);
        assertThat(a.parties().get(0)).isEqualTo(new Party("northshire-police", "Northshire Constabulary",
                Party.Role.CONTROLLER, Party.Regime.PART3));
        assertThat(a.effectiveFrom()).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(a.reviewDate()).isEqualTo(LocalDate.of(2026, 7, 1));
        assertThat(a.expires()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(a.flows()).extracting(Flow::id)
                .containsExactly("police-to-gp", "police-to-mash", "police-to-cru", "police-to-befrienders");

        Flow gp = a.flow("police-to-gp").orElseThrow();
        assertThat(gp.from()).isEqualTo("police-north");
        assertThat(gp.toPartner()).isEqualTo("gp-north");
        assertThat(gp.toKind()).isNull();
        assertThat(gp.purposes()).containsExactly("PATSFTY");
        assertThat(gp.referralTypes()).containsExactlyInAnyOrder("PPN_DOMESTIC_ABUSE", "ADULT_AT_RISK", "MENTAL_HEALTH");
        assertThat(gp.dataItems()).contains(DataItem.SUBJECT_NHS_NUMBER, DataItem.NARRATIVE)
                .doesNotContain(DataItem.RELATED_ALLEGED_PERPETRATOR);
        assertThat(gp.dataCategories()).contains(DataCategory.MENTAL_HEALTH).doesNotContain(DataCategory.CHILD);
        assertThat(gp.lawfulBasis().art6()).isEqualTo("6(1)(e)");
        assertThat(gp.lawfulBasis().art9()).isEqualTo("9(2)(h)+DPA2018-Sch1-para2");
        assertThat(gp.lawfulBasis().art10()).isNull();
        assertThat(gp.lawfulBasis().statutoryGateways()).containsExactly("CareAct2014-s42");
        assertThat(gp.lawfulBasis().commonLaw()).isEqualTo(LawfulBasis.CommonLaw.OVERRIDING_PUBLIC_INTEREST);
        assertThat(gp.consentRule()).isEqualTo(ConsentRule.UNLESS_OVERRIDE);
        assertThat(gp.overrideAllowed()).isTrue();
        assertThat(gp.vitalInterestsAllowed()).isTrue();
        assertThat(gp.retrospectiveRecordWithin()).isEqualTo(Duration.ofHours(24));
        assertThat(gp.nonConsensualSharingAllowed()).isFalse();
        assertThat(gp.decisionMakers()).containsExactly(new DecisionMakerRole("northshire-police", "Duty Inspector"));
        assertThat(gp.maximumDecisionWait()).isEqualTo(Duration.ofHours(4));
        assertThat(gp.classification().marking()).isEqualTo("OFFICIAL-SENSITIVE");
        assertThat(gp.classification().descriptors()).containsExactly("PERSONAL");
        assertThat(gp.retention()).isEqualTo(new Retention(Period.ofYears(6), Period.ofDays(30), Period.ofYears(8),
                "secure-erase"));

        Flow mash = a.flow("police-to-mash").orElseThrow();
        assertThat(mash.toKind()).isEqualTo(RecipientKind.MASH);
        assertThat(mash.consentRule()).isEqualTo(ConsentRule.NEVER);
        assertThat(mash.overrideAllowed()).isFalse();
        assertThat(mash.vitalInterestsAllowed()).isFalse();

        assertThat(a.reverseFlow("police-to-cru").orElseThrow().freeTextAllowed()).isTrue();
        assertThat(a.reverseFlow("police-to-gp").orElseThrow().freeTextAllowed()).isFalse();
        assertThat(a.reverseFlow("police-to-mash")).isEmpty();
    }

    @Test
    void readsTheDemoAgreementAgainstTheDemoPartners() throws IOException {
        Path demo = Path.of("..", "deploy", "demo", "config", "agreements", "demo-police-gp.yaml");
        List<AgreementProblem> problems = new ArrayList<>();
        Agreement agreement = AgreementFile.read(Files.readString(demo), "agreements/demo-police-gp.yaml",
                Map.of("police-demo", "police-demo", "gp-demo", "gp-demo"), problems);
        assertThat(problems).isEmpty();
        assertThat(agreement.flows()).singleElement().satisfies(f -> {
            assertThat(f.from()).isEqualTo("police-demo");
            assertThat(f.toPartner()).isEqualTo("gp-demo");
            assertThat(f.purposes()).containsExactly("PATSFTY");
        });
    }

    @Test
    void withoutPartnersTheCrossChecksAreSkipped() {
        List<AgreementProblem> problems = new ArrayList<>();
        assertThat(AgreementFile.read(sampleWith("from: police-north", "from: police-elsewhere"), FILE, null, problems))
                .isNotNull();
        assertThat(problems).isEmpty();
    }

    @Test
    void notYaml() {
        List<AgreementProblem> problems = problems("id: [unclosed\n  title: Jane Doe");
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo("not valid YAML");
            assertThat(p.toString()).doesNotContain("Jane");
        });
        assertThat(problems("- just\n- a list")).singleElement()
                .satisfies(p -> assertThat(p.reason()).startsWith("expected a mapping"));
    }

    @Test
    void idMustMatchTheFileName() {
        List<AgreementProblem> problems = problems(sampleWith("id: north-safeguarding", "id: south-safeguarding"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("id");
            assertThat(p.file()).isEqualTo(FILE);
            assertThat(p.agreement()).isEqualTo("south-safeguarding");
        });
    }

    @Test
    void unknownKeysAtEveryLevel() {
        String yaml = sampleWith("status: ACTIVE", "status: ACTIVE\nsignatory: someone")
                .replaceFirst("    consent-rule: UNLESS_OVERRIDE", "    consent-rule: UNLESS_OVERRIDE\n    colour: red")
                .replaceFirst("      art6: 6\\(1\\)\\(e\\)", "      art6: 6(1)(e)\n      art99: x");
        List<AgreementProblem> problems = problems(yaml);
        assertThat(keys(problems)).containsExactlyInAnyOrder("signatory", "flows[0].colour",
                "flows[0].lawful-basis.art99");
        assertThat(problems).allSatisfy(p -> assertThat(p.reason()).startsWith("unknown key"));
        assertThat(problems).allSatisfy(p -> assertThat(p.agreement()).isEqualTo("north-safeguarding"));
    }

    @Test
    void aKeyThatLooksLikeAValueIsNotEchoed() {
        List<AgreementProblem> problems = problems(sampleWith("status: ACTIVE", "status: ACTIVE\nJane Doe 1980: x"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("(unnamed)");
            assertThat(p.toString()).doesNotContain("Jane");
        });
    }

    @Test
    void unknownDataItemIsNamedByPositionNotByValue() {
        List<AgreementProblem> problems = problems(sampleWith("subject.nhs-number, subject.name",
                "subject.nhs-number, subject.jane-doe-notes"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("flows[0].data-items[3]");
            assertThat(p.reason()).contains("unknown data item");
            assertThat(p.toString()).doesNotContain("jane");
        });
    }

    @Test
    void anItemWhoseCategoriesTheFlowDoesNotAllow() {
        List<AgreementProblem> problems = problems(sampleWith("referral.requester, referral.consent-summary]",
                "referral.requester, referral.consent-summary, related.alleged-perpetrator]"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("flows[0].data-items[17]");
            assertThat(p.reason()).contains("THIRD_PARTY").contains("CRIMINAL_ALLEGATION");
        });
    }

    @Test
    void unknownAndUnpermittableCategories() {
        List<AgreementProblem> problems = problems(sampleWith("data-categories: [REFERRAL, IDENTITY, CONTACT, PROFESSIONAL, SOCIAL_CARE, HEALTH",
                "data-categories: [REFERRAL, IDENTITY, CONTACT, PROFESSIONAL, SOCIAL_CARE, UNCLASSIFIED, GOSSIP, HEALTH"));
        assertThat(keys(problems)).containsExactly("flows[0].data-categories[5]", "flows[0].data-categories[6]");
    }

    @Test
    void referralCategoryIsRequired() {
        List<AgreementProblem> problems = problems(sampleWith("data-categories: [REFERRAL, IDENTITY, CONTACT, PROFESSIONAL, SOCIAL_CARE]",
                "data-categories: [IDENTITY, CONTACT, PROFESSIONAL, SOCIAL_CARE]"));
        // The flow's envelope-category items are reported too, so the author sees why.
        assertThat(keys(problems)).contains("flows[3].data-categories");
    }

    @Test
    void badDates() {
        List<AgreementProblem> problems = problems(sampleWith("effective-from: 2026-01-01", "effective-from: 2026-02-30")
                .replace("review-date: 2026-07-01", "review-date: soon"));
        assertThat(keys(problems)).containsExactlyInAnyOrder("effective-from", "review-date");
        assertThat(problems).allSatisfy(p -> assertThat(p.reason()).contains("not a date"));
    }

    @Test
    void datesOutOfOrder() {
        assertThat(keys(problems(sampleWith("expires: 2027-01-01", "expires: 2025-12-31"))))
                .containsExactlyInAnyOrder("expires", "review-date");
        assertThat(keys(problems(sampleWith("review-date: 2026-07-01", "review-date: 2028-07-01"))))
                .containsExactly("review-date");
    }

    @Test
    void unquotedAndQuotedDatesAreRead() {
        List<AgreementProblem> problems = new ArrayList<>();
        Agreement agreement = AgreementFile.read(sampleWith("expires: 2027-01-01", "expires: \"2027-01-02\""), FILE,
                PARTNERS, problems);
        assertThat(problems).isEmpty();
        assertThat(agreement.expires()).isEqualTo(LocalDate.of(2027, 1, 2));
    }

    @Test
    void missingFields() {
        String yaml = sample().replace("version: 3\n", "").replace("title: Northshire vulnerability referrals to health, council, MASH and community partners\n", "")
                .replace("    maximum-decision-wait: PT4H\n", "")
                .replace("    referral-types: [PPN_DOMESTIC_ABUSE, ADULT_AT_RISK, MENTAL_HEALTH]\n", "");
        List<AgreementProblem> problems = problems(yaml);
        assertThat(keys(problems)).containsExactlyInAnyOrder("version", "title", "flows[0].maximum-decision-wait",
                "flows[0].referral-types");
        assertThat(problems).allSatisfy(p -> assertThat(p.reason()).startsWith("required"));
    }

    @Test
    void unknownEnumValues() {
        String yaml = sampleWith("status: ACTIVE", "status: LIVE")
                .replaceFirst("role: CONTROLLER, regime: PART3", "role: OWNER, regime: GDPR")
                .replaceFirst("consent-rule: UNLESS_OVERRIDE", "consent-rule: SOMETIMES")
                .replaceFirst("common-law: STATUTE", "common-law: CUSTOM")
                .replaceFirst("to-kind: MASH", "to-kind: CHARITY")
                .replaceFirst("feedback: FREE_TEXT", "feedback: ESSAY")
                .replaceFirst("referral-types: \\[ADULT_AT_RISK, COMMUNITY_STEPDOWN", "referral-types: [ADULT_AT_RISK, GARDENING");
        List<AgreementProblem> problems = problems(yaml);
        assertThat(keys(problems)).contains("status", "parties[0].role", "parties[0].regime", "flows[0].consent-rule",
                "flows[1].lawful-basis.common-law", "flows[1].to-kind", "reverse-flows[1].feedback",
                "flows[3].referral-types[1]");
        assertThat(problems).filteredOn(p -> p.key().equals("status")).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("DRAFT").doesNotContain("LIVE"));
    }

    @Test
    void legalBasisMustMatchTheCategoriesAndTheRule() {
        // Art 9 for special category data, Part 3 for a Part 3 sender, a gateway for a statutory duty.
        String yaml = sample().replace("      art9: 9(2)(h)+DPA2018-Sch1-para2\n", "")
                .replace("      statutory-gateways: [CA2004-s11, CA1989-s47]\n", "")
                .replaceFirst("      art10: DPA2018-Sch1-para36\n", "")
                .replace("      art6: 6(1)(e)\n      part3: DPA2018-s35+Sch8-para4\n      common-law: CONSENT",
                        "      art6: 6(9)\n      common-law: CONSENT");
        assertThat(keys(problems(yaml))).containsExactlyInAnyOrder("flows[0].lawful-basis.art9",
                "flows[1].lawful-basis.statutory-gateways", "flows[1].lawful-basis.art10",
                "flows[3].lawful-basis.art6", "flows[3].lawful-basis.part3");
    }

    @Test
    void overrideOnlyWithUnlessOverride() {
        assertThat(keys(problems(sampleWith("    override-allowed: false", "    override-allowed: true"))))
                .containsExactly("flows[3].override-allowed", "flows[3].decision-makers");
        assertThat(problems(sampleWith("    override-allowed: true", "    override-allowed: maybe")))
                .extracting(AgreementProblem::key, AgreementProblem::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("flows[0].override-allowed", "expected true or false"));
    }

    @Test
    void decisionMakersRequiredForOverrideAndVitalInterests() {
        String yaml = sampleWith("    decision-makers:\n      - {organisation: northshire-police, title: Duty Inspector}\n"
                + "    maximum-decision-wait: PT4H", "    maximum-decision-wait: PT4H");
        assertThat(keys(problems(yaml))).containsExactly("flows[0].decision-makers");
        assertThat(keys(problems(sampleWith("- {organisation: northshire-police, title: Duty Inspector}",
                "- {organisation: somewhere-else, title: Duty Inspector}"))))
                .containsExactly("flows[0].decision-makers[0].organisation");
    }

    @Test
    void vitalInterestsNeedsItsWindow() {
        assertThat(keys(problems(sampleWith("retrospective-record-within: PT24H", "retrospective-record-within: tomorrow"))))
                .containsExactly("flows[0].vital-interests.retrospective-record-within");
        assertThat(keys(problems(sampleWith("vital-interests: {allowed: true, retrospective-record-within: PT24H}",
                "vital-interests: {allowed: true}"))))
                .containsExactly("flows[0].vital-interests.retrospective-record-within");
    }

    @Test
    void statutoryDutyCannotGoToAVolunteerKind() {
        String yaml = sampleWith("to-kind: MASH", "to-kind: VOLUNTEER");
        assertThat(keys(problems(yaml))).containsExactly("flows[1].consent-rule");
    }

    @Test
    void partnersMustBeConfiguredAndBelongToParties() {
        List<AgreementProblem> unknown = problems(sampleWith("to: gp-north", "to: gp-south"));
        assertThat(unknown).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("flows[0].to");
            assertThat(p.reason()).contains("no partner");
        });
        Map<String, String> partners = new java.util.HashMap<>(PARTNERS);
        partners.put("gp-north", "some-other-practice");
        List<AgreementProblem> problems = new ArrayList<>();
        assertThat(AgreementFile.read(sample(), FILE, partners, problems)).isNull();
        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason()).contains("not a party"));
    }

    @Test
    void exactlyOneRecipient() {
        assertThat(keys(problems(sampleWith("    to: gp-north", "    to: gp-north\n    to-kind: HEALTH"))))
                .containsExactly("flows[0].to");
        assertThat(keys(problems(sampleWith("    to: gp-north\n", "")))).containsExactly("flows[0].to");
    }

    @Test
    void partiesOwnerAndReverseFlowsAreChecked() {
        String yaml = sampleWith("  - {organisation: north-gp, name: Northgate Surgery, role: CONTROLLER, regime: UKGDPR}",
                "  - {organisation: northshire-council, name: Again, role: CONTROLLER, regime: UKGDPR}")
                .replace("owner: {organisation: northshire-police,", "owner: {organisation: the-home-office,")
                .replace("{flow: police-to-gp, feedback: STATUS_ONLY}", "{flow: police-to-nowhere, feedback: STATUS_ONLY}");
        List<String> keys = keys(problems(yaml));
        assertThat(keys).contains("parties[2].organisation", "owner.organisation", "reverse-flows[0].flow",
                // with the GP practice no longer a party, its flow's recipient belongs to no party
                "flows[0].to");
    }

    @Test
    void durationsPeriodsAndMarkings() {
        String yaml = sampleWith("maximum-decision-wait: PT4H", "maximum-decision-wait: PT0S")
                .replaceFirst("recipient: P6Y", "recipient: six years")
                .replaceFirst("marking: OFFICIAL-SENSITIVE", "marking: SECRET");
        assertThat(keys(problems(yaml))).containsExactlyInAnyOrder("flows[0].maximum-decision-wait",
                "flows[0].retention.recipient", "flows[0].classification.marking");
    }

    @Test
    void everyProblemIsCollectedInOneRead() {
        String yaml = sampleWith("version: 3", "version: three")
                .replace("status: ACTIVE", "status: LIVE")
                .replace("expires: 2027-01-01", "expires: never");
        assertThat(keys(problems(yaml))).containsExactlyInAnyOrder("version", "status", "expires");
    }

    @Test
    void standingFollowsStatusDatesAndApprovals() {
        Agreement a = sampleAgreement();
        java.util.Set<AgreementApproval> all = java.util.Set.of(
                new AgreementApproval("north-safeguarding", 3, "northshire-police"),
                new AgreementApproval("north-safeguarding", 3, "northshire-council"),
                new AgreementApproval("north-safeguarding", 3, "north-gp"),
                new AgreementApproval("north-safeguarding", 3, "north-befrienders"));
        LocalDate today = LocalDate.of(2026, 6, 1);
        assertThat(a.standing(today, all)).isEqualTo(Standing.IN_FORCE);
        assertThat(a.standing(LocalDate.of(2026, 12, 31), all)).isEqualTo(Standing.IN_FORCE);
        assertThat(a.standing(LocalDate.of(2027, 1, 1), all)).isEqualTo(Standing.EXPIRED);
        assertThat(a.standing(LocalDate.of(2025, 12, 31), all)).isEqualTo(Standing.NOT_YET_EFFECTIVE);
        java.util.Set<AgreementApproval> earlierVersion = new java.util.HashSet<>(all);
        earlierVersion.remove(new AgreementApproval("north-safeguarding", 3, "north-gp"));
        earlierVersion.add(new AgreementApproval("north-safeguarding", 2, "north-gp"));
        assertThat(a.standing(today, earlierVersion)).isEqualTo(Standing.NOT_APPROVED);
        assertThat(a.awaitingApproval(earlierVersion)).extracting(Party::organisation).containsExactly("north-gp");
        assertThat(new Agreement(a.id(), a.version(), AgreementStatus.SUSPENDED, a.title(), a.owner(), a.parties(),
                a.effectiveFrom(), a.reviewDate(), a.expires(), a.flows(), a.reverseFlows()).standing(today, all))
                .isEqualTo(Standing.SUSPENDED);
        assertThat(a.daysUntilExpiry(LocalDate.of(2026, 12, 25))).isEqualTo(7);
        assertThat(Standing.EXPIRED.reasonCode()).isEqualTo("ISA_EXPIRED");
    }
}
