package org.junction.security.governance.minimise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junction.security.governance.GovernanceFixtures.TODAY;
import static org.junction.security.governance.GovernanceFixtures.rich;

import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Subject;
import org.junction.security.governance.GovernanceFixtures;
import org.junction.security.governance.agreement.Flow;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;
import org.junit.jupiter.api.Test;

class MinimiserTest {

    private static Flow flow(String id) {
        return GovernanceFixtures.agreement().flow(id).orElseThrow();
    }

    @Test
    void volunteerGetsTheCommunityStepDownMinimumDatasetOnly() {
        ReferralModel out = Minimiser.minimise(rich(), flow("police-to-befrienders"), TODAY).referral();
        // domain.md 6.5: name, safe contact channels, postcode district, age (year only),
        // communication needs, what is asked and what matters, consent summary, the referrer's team.
        assertThat(out.subject().name().given()).containsExactly("Avery", "Quinn");
        assertThat(out.subject().name().family()).isEqualTo("Testfield");
        assertThat(out.subject().name().aliases()).isEmpty();
        assertThat(out.subject().contacts()).singleElement()
                .satisfies(c -> assertThat(c.safeToContact()).isTrue());
        assertThat(out.subject().addresses()).singleElement().satisfies(a -> {
            assertThat(a.postcode()).isEqualTo("NX1");
            assertThat(a.lines()).isEmpty();
            assertThat(a.uprn()).isNull();
            assertThat(a.city()).isNull();
        });
        assertThat(out.subject().birthDate()).isEqualTo(LocalDate.of(1984, 12, 31));
        assertThat(out.subject().birthDateApproximate()).isTrue();
        assertThat(out.subject().communicationNeeds()).isEqualTo("prefers short written notes");
        assertThat(out.requestedAction()).isNotNull();
        assertThat(out.needs()).hasSize(2);
        assertThat(out.consent().status()).isEqualTo("GIVEN");
        assertThat(out.consent().recordedAt()).isNotNull();
        assertThat(out.requester().name()).isNull();
        assertThat(out.requester().phone()).isNull();
        assertThat(out.requester().email()).isNull();
        assertThat(out.requester().team()).isEqualTo("Public Protection Unit");
        // Never: police narrative, offences, perpetrator details, health, risk answers, ids.
        assertThat(out.narrative()).isNull();
        assertThat(out.concerns()).isEmpty();
        assertThat(out.relatedPersons()).isEmpty();
        assertThat(out.risk()).isNull();
        assertThat(out.subject().identifiers()).isEmpty();
        assertThat(out.subject().nhsNumberVerification()).isNull();
        assertThat(out.subject().gpOdsCode()).isNull();
        assertThat(out.sourceRef()).isNull();
        assertThat(out.incidentRef()).isNull();
        assertThat(out.supervisor()).isNull();
        assertThat(out.occurredAt()).isNull();
    }

    @Test
    void theRiskToLifeFlagReachesEveryRecipientButWhomTheSenderAskedForDoesNot() {
        ReferralModel m = rich();
        ReferralModel flagged = new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(),
                m.purpose(), m.priority(), m.subject(), m.relatedPersons(), m.concerns(), m.narrative(),
                m.occurredAt(), m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(),
                m.classification(), m.restrictedDisclosure(), m.needs(), "HEALTH", "gp-riverside", true);

        ReferralModel out = Minimiser.minimise(flagged, flow("police-to-befrienders"), TODAY).referral();

        assertThat(out.immediateRiskToLife()).isTrue();
        assertThat(out.requestedRecipientKind()).isNull();
        assertThat(out.requestedRecipient()).isNull();
    }

    @Test
    void aBirthYearNeverMakesAMinorLookAnAdult() {
        ReferralModel m = rich();
        Subject s = m.subject();
        // 17 years and 11 months old on TODAY.
        Subject minor = new Subject(s.identifiers(), s.nhsNumberVerification(), s.name(), LocalDate.of(2008, 7, 1),
                false, s.gender(), s.addresses(), s.contacts(), s.language(), s.interpreterRequired(),
                s.communicationNeeds(), s.gpOdsCode());
        Disclosure d = Minimiser.minimise(GovernanceFixtures.withSubject(m, minor),
                EnumSet.of(DataItem.SUBJECT_NAME, DataItem.SUBJECT_BIRTH_YEAR),
                EnumSet.of(DataCategory.IDENTITY, DataCategory.CHILD), TODAY);
        LocalDate reduced = d.referral().subject().birthDate();
        assertThat(java.time.Period.between(reduced, TODAY).getYears()).isLessThan(18);
    }

    @Test
    void aChildSubjectsDataIsChildData() {
        ReferralModel m = rich();
        Subject s = m.subject();
        Subject child = new Subject(s.identifiers(), s.nhsNumberVerification(), s.name(), LocalDate.of(2015, 2, 2),
                false, s.gender(), s.addresses(), s.contacts(), s.language(), s.interpreterRequired(),
                s.communicationNeeds(), s.gpOdsCode());
        // The GP flow does not permit CHILD data: the child's identity does not go.
        Disclosure d = Minimiser.minimise(GovernanceFixtures.withSubject(m, child), flow("police-to-gp"), TODAY);
        assertThat(d.referral().subject().name()).isNull();
        assertThat(d.referral().subject().identifiers()).isEmpty();
        assertThat(d.withheldItems()).contains(DataItem.SUBJECT_NAME, DataItem.SUBJECT_NHS_NUMBER);
        assertThat(d.withheldCategories()).contains(DataCategory.CHILD);
        // The MASH flow permits it.
        Disclosure mash = Minimiser.minimise(GovernanceFixtures.withSubject(m, child), flow("police-to-mash"), TODAY);
        assertThat(mash.referral().subject().name()).isNotNull();
        assertThat(mash.disclosedCategories()).contains(DataCategory.CHILD);
        // A subject left without name or identifiers still makes a canonical Bundle.
        var bundle = org.junction.mappings.canonical.ReferralBundles.toBundle(d.referral(), MinimiserGoldenTest.CONTEXT);
        assertThat(org.junction.mappings.fhir.Fhir.toJson(bundle)).doesNotContain("Testfield")
                .doesNotContain(GovernanceFixtures.NHS_NUMBER);
    }

    @Test
    void aBabyBornThisYearGetsNoFutureBirthDate() {
        ReferralModel m = rich();
        Subject s = m.subject();
        Subject baby = new Subject(s.identifiers(), s.nhsNumberVerification(), s.name(), LocalDate.of(2026, 2, 1),
                false, s.gender(), s.addresses(), s.contacts(), s.language(), s.interpreterRequired(),
                s.communicationNeeds(), s.gpOdsCode());
        Disclosure d = Minimiser.minimise(GovernanceFixtures.withSubject(m, baby), EnumSet.of(DataItem.SUBJECT_BIRTH_YEAR),
                EnumSet.of(DataCategory.IDENTITY, DataCategory.CHILD), TODAY);
        assertThat(d.referral().subject().birthDate()).isEqualTo(TODAY);
    }

    @Test
    void aRelatedPersonUnder18IsChildDataWhateverTheirRole() {
        ReferralModel m = rich();
        var youngCarer = new ReferralModel.RelatedPerson("CARER", new ReferralModel.Name(List.of("Jo"), "Inventson",
                List.of()), LocalDate.of(2010, 5, 5), "daughter", false, null);
        var adultCarer = m.relatedPersons().get(2);
        ReferralModel withCarers = new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(),
                m.purpose(), m.priority(), m.subject(), List.of(youngCarer, adultCarer), m.concerns(), m.narrative(),
                m.occurredAt(), m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(),
                m.classification(), m.restrictedDisclosure(), m.needs());
        Disclosure d = Minimiser.minimise(withCarers, flow("police-to-cru"), TODAY);
        assertThat(d.referral().relatedPersons()).containsExactly(adultCarer);
        assertThat(d.relatedDisclosed()).isEqualTo(1);
        assertThat(d.relatedWithheld()).isEqualTo(1);
        assertThat(d.related()).containsExactly(new Disclosure.RelatedAssessment(0, "CARER", true, false),
                new Disclosure.RelatedAssessment(1, "CARER", false, true));
        assertThat(d.disclosedItems()).contains(DataItem.RELATED_CARER);
        assertThat(d.withheldItems()).contains(DataItem.RELATED_CARER);
    }

    @Test
    void anUnknownConcernIsNeverDisclosedAndTakesTheNarrativeWithIt() {
        Disclosure d = Minimiser.minimise(GovernanceFixtures.rich("PPN_DOMESTIC_ABUSE", List.of("DA", "SOMETHING_NEW")),
                flow("police-to-mash"), TODAY);
        assertThat(d.referral().concerns()).containsExactly("DA");
        assertThat(d.withheldConcerns()).containsExactly("SOMETHING_NEW");
        assertThat(d.referral().narrative()).isNull();
        assertThat(d.withheldCategories()).containsExactly(DataCategory.UNCLASSIFIED);
    }

    @Test
    void onlyItemsTheReferralHoldsAreListed() {
        ReferralModel m = rich();
        ReferralModel sparse = new ReferralModel(null, null, m.referralType(), m.referralKind(), m.purpose(), null,
                m.subject(), List.of(), List.of("DA"), null, null, null, null, null, null,
                new ReferralModel.ConsentSummary("NOT_ASKED", null, null), m.classification(), false, List.of());
        Disclosure d = Minimiser.minimise(sparse, flow("police-to-mash"), TODAY);
        assertThat(d.disclosedItems()).doesNotContain(DataItem.NARRATIVE, DataItem.RISK, DataItem.REQUESTER,
                DataItem.CONSENT_SUMMARY, DataItem.REFERRAL_SOURCE_REFERENCES);
        assertThat(d.withheldItems()).isEmpty();
    }

    @Test
    void theEnvelopeAlwaysGoesAndNothingElseWithoutAnAllowList() {
        Disclosure d = Minimiser.minimise(rich(), Set.of(), Set.of(), TODAY);
        assertThat(d.disclosedItems()).containsExactly(DataItem.REFERRAL_ENVELOPE);
        ReferralModel out = d.referral();
        assertThat(out.referralType()).isEqualTo("PPN_DOMESTIC_ABUSE");
        assertThat(out.purpose()).isEqualTo("PATSFTY");
        assertThat(out.consent().status()).isEqualTo("GIVEN");
        assertThat(out.consent().reason()).isNull();
        assertThat(out.subject().name()).isNull();
        assertThat(out.subject().addresses()).isEmpty();
        assertThat(out.subject().contacts()).isEmpty();
        assertThat(out.subject().birthDate()).isNull();
        assertThat(out.subject().language()).isNull();
        assertThat(out.requester()).isNull();
        assertThat(out.needs()).isEmpty();
    }

    @Test
    void theFlowsMarkingIsAFloor() {
        ReferralModel m = rich();
        ReferralModel official = new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(),
                m.purpose(), m.priority(), m.subject(), m.relatedPersons(), m.concerns(), m.narrative(),
                m.occurredAt(), m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(),
                new ReferralModel.Classification("OFFICIAL", List.of()), false, m.needs());
        Disclosure d = Minimiser.minimise(official, flow("police-to-gp"), TODAY);
        assertThat(d.referral().classification().marking()).isEqualTo("OFFICIAL-SENSITIVE");
        assertThat(d.referral().classification().descriptors()).containsExactly("PERSONAL");
    }

    @Test
    void postcodeDistrictComesFromTheCurrentAddress() {
        var old = new ReferralModel.Address("old", List.of(), null, null, "AB1 2CD", null);
        var temp = new ReferralModel.Address("temp", List.of(), null, null, "zz9 9zz", null);
        var bad = new ReferralModel.Address("home", List.of(), null, null, "not a postcode", null);
        assertThat(Minimiser.postcodeDistrict(List.of(old, bad, temp))).isEqualTo("ZZ9");
        assertThat(Minimiser.postcodeDistrict(List.of(old))).isNull();
    }
}
