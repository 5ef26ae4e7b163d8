package org.junction.mappings.outcome;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.fhir.validation.SharedValidators;
import org.junction.mappings.fhir.validation.ValidationReport;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class OutcomeBundlesTest {

    private static final MappingContext CONTEXT = new MappingContext(
            UUID.fromString("44444444-4444-4444-8444-444444444444"), "test-mash", "req-1", "corr-1",
            Instant.parse("2026-11-21T12:00:00Z"));
    private static final UUID REFERRAL = UUID.fromString("3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b");

    static Stream<OutcomeModel> outcomes() {
        return Stream.of(
                new OutcomeModel(REFERRAL, null, "CHILD_PROTECTION_ENQUIRY", "in-progress",
                        Instant.parse("2026-11-21T09:30:00Z"), "MASH team manager", "threshold met", "strategy meeting"),
                new OutcomeModel(null, "PVP/2026/000123", "NO_FURTHER_ACTION", "completed",
                        Instant.parse("2026-11-21T09:30:00.250Z"), null, "already known", null),
                new OutcomeModel(REFERRAL, "EH/2026/004512", "ENGAGED", "accepted", null, null, null, null),
                new OutcomeModel(REFERRAL, null, "NOT_ACCEPTED", "rejected", null, "Duty manager", "out of area",
                        "forwarded to the neighbouring authority"));
    }

    @ParameterizedTest
    @MethodSource("outcomes")
    void outcomeReadsBackAsTheModelItWasBuiltFromAfterStorage(OutcomeModel model) {
        Bundle stored = Fhir.parseBundle(Fhir.toJson(OutcomeBundles.toBundle(model, CONTEXT)));

        Outcome outcome = Outcome.of(stored);

        assertThat(outcome.model()).isEqualTo(model);
        assertThat(outcome.trackingId()).isEqualTo(CONTEXT.trackingId());
        assertThat(outcome.senderPartnerId()).isEqualTo("test-mash");
    }

    @ParameterizedTest
    @MethodSource("outcomes")
    void outcomeBundleIsValidFhirR4(OutcomeModel model) {
        ValidationReport report = SharedValidators.baseR4().validate(OutcomeBundles.toBundle(model, CONTEXT));

        assertThat(report.errors()).as(report.describe()).isEmpty();
    }

    @Test
    void validationCatchesATaskWithoutItsRequiredIntent() {
        Bundle bundle = OutcomeBundles.toBundle(outcomes().findFirst().orElseThrow(), CONTEXT);
        task(bundle).setIntent(null);

        assertThat(SharedValidators.baseR4().validate(bundle).errors()).isNotEmpty();
    }

    @Test
    void sameModelAndContextGiveTheSameBundle() {
        OutcomeModel model = outcomes().findFirst().orElseThrow();

        assertThat(Fhir.toJson(OutcomeBundles.toBundle(model, CONTEXT)))
                .isEqualTo(Fhir.toJson(OutcomeBundles.toBundle(model, CONTEXT)));
    }

    @Test
    void bundleAndEveryResourceAreMarkedOfficialSensitive() {
        Bundle bundle = OutcomeBundles.toBundle(outcomes().findFirst().orElseThrow(), CONTEXT);

        Stream.concat(Stream.of(bundle.getMeta()), bundle.getEntry().stream().map(e -> e.getResource().getMeta()))
                .forEach(meta -> assertThat(meta.getSecurity()).extracting(Coding::getCode)
                        .contains("OFFICIAL-SENSITIVE", "PERSONAL", "R"));
    }

    @Test
    void taskPointsAtTheReferralByIdentifierAndCarriesTheOutcome() {
        Task task = task(OutcomeBundles.toBundle(outcomes().findFirst().orElseThrow(), CONTEXT));

        assertThat(task.getBasedOnFirstRep().getIdentifier().getSystem()).isEqualTo(JunctionSystems.TRACKING_ID);
        assertThat(task.getBasedOnFirstRep().getIdentifier().getValue()).isEqualTo(REFERRAL.toString());
        assertThat(task.getBusinessStatus().getCodingFirstRep().getSystem()).isEqualTo(OutcomeBundles.REFERRAL_OUTCOME_SYSTEM);
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.INPROGRESS);
        assertThat(task.getStatusReason().getText()).isEqualTo("threshold met");
        assertThat(task.getGroupIdentifier().getValue()).isEqualTo("corr-1");
    }

    @Test
    void withoutARoleTheSendingOrganisationOwnsTheTaskAndWithoutNextStepsNoCommunicationIsSent() {
        OutcomeModel model = new OutcomeModel(REFERRAL, null, "CLOSED", "completed", null, null, null, null);

        Bundle bundle = OutcomeBundles.toBundle(model, CONTEXT);

        String owner = task(bundle).getOwner().getReference();
        assertThat(bundle.getEntry()).filteredOn(e -> e.getFullUrl().equals(owner))
                .singleElement().satisfies(e -> assertThat(e.getResource()).isInstanceOf(Organization.class));
        assertThat(resources(bundle)).noneMatch(Communication.class::isInstance);
    }

    @Test
    void viewRefusesAReferralMessage() {
        Bundle referral = ReferralBundles.toBundle(Models.minimal(), CONTEXT);

        assertThatThrownBy(() -> Outcome.of(referral))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("referral-outcome");
    }

    @Test
    void viewRefusesATaskThatNamesNoReferral() {
        Bundle bundle = OutcomeBundles.toBundle(outcomes().findFirst().orElseThrow(), CONTEXT);
        task(bundle).getBasedOn().clear();

        assertThatThrownBy(() -> Outcome.of(bundle)).hasMessageContaining("names no referral");
    }

    @Test
    void modelNeedsTheReferralNamedAValidTaskStatusAndAHubCode() {
        assertThatThrownBy(() -> new OutcomeModel(null, " ", "NO_FURTHER_ACTION", "completed", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutcomeModel(REFERRAL, null, "NO_FURTHER_ACTION", "draft", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OutcomeModel(REFERRAL, null, "no further action", "completed", null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void modelToStringLeavesOutFreeText() {
        OutcomeModel model = new OutcomeModel(REFERRAL, "PVP/1", "SIGNPOSTED", "completed", null, "Manager",
                "Zoë disclosed", "call Zoë");

        assertThat(model.toString()).doesNotContain("Zoë", "Manager", "PVP/1");
    }

    private static Task task(Bundle bundle) {
        return resources(bundle).filter(Task.class::isInstance).map(Task.class::cast).findFirst().orElseThrow();
    }

    private static Stream<Resource> resources(Bundle bundle) {
        return bundle.getEntry().stream().map(Bundle.BundleEntryComponent::getResource);
    }

}
