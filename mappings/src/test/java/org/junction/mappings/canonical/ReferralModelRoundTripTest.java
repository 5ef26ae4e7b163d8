package org.junction.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ResourceType;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link ReferralBundles#toBundle} and {@link Referral#model()} are each other's inverse. */
class ReferralModelRoundTripTest {

    static Stream<String> policeCasesThatMap() throws IOException {
        try (Stream<Path> dirs = Files.list(Fixtures.police(""))) {
            return dirs.filter(d -> Files.exists(d.resolve("expected.json")))
                    .map(d -> d.getFileName().toString())
                    .sorted()
                    .toList()
                    .stream();
        }
    }

    @ParameterizedTest
    @MethodSource("policeCasesThatMap")
    void everyPoliceGoldenCaseReadsBackToTheModelThatRebuildsTheSameBundle(String fixture) {
        Bundle mapped = Fixtures.mapPolice(fixture);
        ReferralModel model = Referral.of(mapped).model();

        Bundle rebuilt = ReferralBundles.toBundle(model, Fixtures.CONTEXT);

        assertThat(Referral.of(rebuilt).model()).isEqualTo(model);
        assertThat(Fhir.toJson(rebuilt)).isEqualTo(Fhir.toJson(mapped));
    }

    @Test
    void aModelWithEveryPartSurvivesTheRoundTrip() {
        ReferralModel model = Models.full();

        assertThat(Referral.of(ReferralBundles.toBundle(model, Fixtures.CONTEXT)).model()).isEqualTo(model);
    }

    @Test
    void aRequestedRecipientAndAnImmediateRiskToLifeSurviveTheRoundTripThroughJson() {
        ReferralModel m = Models.full();
        ReferralModel model = new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(),
                m.purpose(), m.priority(), m.subject(), m.relatedPersons(), m.concerns(), m.narrative(), m.occurredAt(),
                m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(), m.classification(),
                m.restrictedDisclosure(), m.needs(), "MASH", "testshire-mash", true);
        String json = Fhir.toJson(ReferralBundles.toBundle(model, Fixtures.CONTEXT));

        ReferralModel back = Referral.of(Fhir.parseBundle(json)).model();

        assertThat(back).isEqualTo(model);
        assertThat(back.requestedRecipientKind()).isEqualTo("MASH");
        assertThat(back.requestedRecipient()).isEqualTo("testshire-mash");
        assertThat(back.immediateRiskToLife()).isTrue();
        assertThat(Referral.of(ReferralBundles.toBundle(m, Fixtures.CONTEXT)).model().immediateRiskToLife()).isFalse();
    }

    @Test
    void aMinimalModelSurvivesTheRoundTrip() {
        ReferralModel model = Models.minimal();

        assertThat(Referral.of(ReferralBundles.toBundle(model, Fixtures.CONTEXT)).model()).isEqualTo(model);
    }

    @Test
    void theRoundTripAlsoHoldsThroughJson() {
        ReferralModel model = Models.full();
        String json = Fhir.toJson(ReferralBundles.toBundle(model, Fixtures.CONTEXT));

        assertThat(Referral.of(Fhir.parseBundle(json)).model()).isEqualTo(model);
    }

    @Test
    void everyPartHasItsOwnEntryInAFixedOrder() {
        Bundle bundle = ReferralBundles.toBundle(Models.full(), Fixtures.CONTEXT);

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getResourceType()).containsExactly(
                ResourceType.MessageHeader, ResourceType.ServiceRequest, ResourceType.Patient,
                ResourceType.RelatedPerson, ResourceType.RelatedPerson, ResourceType.RelatedPerson,
                ResourceType.Organization, ResourceType.Practitioner, ResourceType.PractitionerRole,
                ResourceType.Practitioner, ResourceType.PractitionerRole, ResourceType.Observation,
                ResourceType.Consent);
    }

    @Test
    void aMinimalModelHasNoOptionalEntriesAndSaysWhyThereIsNoNhsNumber() {
        Bundle bundle = ReferralBundles.toBundle(Models.minimal(), Fixtures.CONTEXT);
        Referral referral = Referral.of(bundle);

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getResourceType()).containsExactly(
                ResourceType.MessageHeader, ResourceType.ServiceRequest, ResourceType.Patient, ResourceType.Organization);
        assertThat(referral.patient().getExtensionByUrl(
                "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-NHSNumberUnavailableReason"))
                .satisfies(e -> assertThat(Fhir.toJson(referral.patient())).contains("nhs-number-not-known"));
        assertThat(referral.subjectIdentifiers()).isEmpty();
        assertThat(referral.consent()).isEmpty();
    }

    @Test
    void bothNhsNumberVerificationCodeSystemsAreWrittenAndRead() {
        ReferralModel named = withVerification(Models.full(), "number-present-and-verified");
        Bundle england = ReferralBundles.toBundle(Models.full(), Fixtures.CONTEXT);
        Bundle bars = ReferralBundles.toBundle(named, Fixtures.CONTEXT);

        assertThat(Fhir.toJson(england)).contains("UKCore-NHSNumberVerificationStatusEngland\",\"code\":\"01\"");
        assertThat(Fhir.toJson(bars)).contains("CodeSystem/UKCore-NHSNumberVerificationStatus\",\"code\":\"number-present-and-verified\"");
        assertThat(Referral.of(bars).model().subject().nhsNumberVerification()).isEqualTo("number-present-and-verified");
    }

    @Test
    void aWithdrawnConsentIsAnInactiveDenyingConsent() {
        ReferralModel full = Models.full();
        ReferralModel withdrawn = new ReferralModel(full.sourceRef(), full.incidentRef(), full.referralType(),
                full.referralKind(), full.purpose(), full.priority(), full.subject(), full.relatedPersons(),
                full.concerns(), full.narrative(), full.occurredAt(), full.requestedAction(), full.risk(),
                full.requester(), full.supervisor(),
                new ReferralModel.ConsentSummary("WITHDRAWN", "withdrawn by phone", full.consent().recordedAt()),
                full.classification(), full.restrictedDisclosure(), full.needs());

        Referral referral = Referral.of(ReferralBundles.toBundle(withdrawn, Fixtures.CONTEXT));

        assertThat(referral.consent()).get().satisfies(c -> {
            assertThat(c.getStatus()).isEqualTo(Consent.ConsentState.INACTIVE);
            assertThat(c.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY);
        });
        assertThat(referral.model()).isEqualTo(withdrawn);
    }

    @Test
    void buildingLeavesNoTraceOfTheModelsIdentityAndIsRepeatable() {
        assertThat(Fhir.toJson(ReferralBundles.toBundle(Models.full(), Fixtures.CONTEXT)))
                .isEqualTo(Fhir.toJson(ReferralBundles.toBundle(Models.full(), Fixtures.CONTEXT)));
    }

    private static ReferralModel withVerification(ReferralModel m, String code) {
        ReferralModel.Subject s = m.subject();
        ReferralModel.Subject subject = new ReferralModel.Subject(s.identifiers(), code, s.name(), s.birthDate(),
                s.birthDateApproximate(), s.gender(), s.addresses(), s.contacts(), s.language(), s.interpreterRequired(),
                s.communicationNeeds(), s.gpOdsCode());
        return new ReferralModel(m.sourceRef(), m.incidentRef(), m.referralType(), m.referralKind(), m.purpose(),
                m.priority(), subject, m.relatedPersons(), m.concerns(), m.narrative(), m.occurredAt(),
                m.requestedAction(), m.risk(), m.requester(), m.supervisor(), m.consent(), m.classification(),
                m.restrictedDisclosure(), m.needs());
    }

    @SuppressWarnings("unused")
    private static List<String> unused() {
        return List.of();
    }
}
