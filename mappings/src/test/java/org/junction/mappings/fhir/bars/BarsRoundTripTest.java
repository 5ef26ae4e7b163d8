package org.junction.mappings.fhir.bars;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.fhir.validation.SharedValidators;
import org.junction.mappings.fhir.validation.ValidationReport;
import org.junction.mappings.testing.GoldenFiles;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** Out through {@link BarsBundleRenderer} and back in through {@link BarsBundleMapper}, and the other way. */
class BarsRoundTripTest {

    private final BarsBundleRenderer renderer = new BarsBundleRenderer();
    private final BarsBundleMapper mapper = new BarsBundleMapper();

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("full", Models.full()),
                Arguments.of("minimal", Models.minimal()),
                Arguments.of("maximum sizes", BarsFixtures.maximumSizes()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aRenderedReferralReadsBackAsTheSameReferralLessThePoliceIdentifiers(String name, ReferralModel model) {
        byte[] message = renderer.render(Referral.of(ReferralBundles.toBundle(model, BarsFixtures.COUNCIL)), BarsFixtures.RENDER);

        ReferralModel back = Referral.of(mapper.map(message, BarsFixtures.HOSPITAL)).model();

        assertThat(back).usingRecursiveComparison().isEqualTo(withNhsNumberOnly(model));
    }

    @Test
    void aCancellationReadsBackAsWithdrawnConsentForTheSameReferral() {
        ReferralModel withdrawn = BarsFixtures.withdrawn();
        byte[] message = renderer.render(Referral.of(ReferralBundles.toBundle(withdrawn, BarsFixtures.COUNCIL)),
                BarsFixtures.RENDER);

        ReferralModel back = Referral.of(mapper.map(message, BarsFixtures.HOSPITAL)).model();

        assertThat(back.consent().status()).isEqualTo("WITHDRAWN");
        assertThat(back.sourceRef()).isEqualTo(withdrawn.sourceRef());
        assertThat(back.subject().identifiers()).extracting(ReferralModel.PersonIdentifier::value).containsExactly("9990000026");
        assertThat(back.narrative()).isNull();
        assertThat(back.relatedPersons()).isEmpty();
    }

    @Test
    void aPartnersMessageOnceCanonicalRendersForAnotherHealthRecipientWithNoUkCoreErrors() {
        byte[] partner = GoldenFiles.read(GoldenFiles.dir(BarsFixtures.INBOUND)
                .resolve("plain-uk-core-hospital-referral").resolve("input.json"));
        Bundle canonical = mapper.map(partner, BarsFixtures.HOSPITAL);

        Bundle onward = renderer.bundle(Referral.of(canonical), BarsFixtures.RENDER);
        ValidationReport report = SharedValidators.ukCore().validate(onward);

        assertThat(report.errors()).isEmpty();
    }

    private static ReferralModel withNhsNumberOnly(ReferralModel model) {
        ReferralModel.Subject s = model.subject();
        List<ReferralModel.PersonIdentifier> nhs = s.identifiers().stream()
                .filter(i -> JunctionSystems.NHS_NUMBER.equals(i.system())).toList();
        ReferralModel.Subject subject = new ReferralModel.Subject(nhs, s.nhsNumberVerification(), s.name(), s.birthDate(),
                s.birthDateApproximate(), s.gender(), s.addresses(), s.contacts(), s.language(), s.interpreterRequired(),
                s.communicationNeeds(), s.gpOdsCode());
        return new ReferralModel(model.sourceRef(), model.incidentRef(), model.referralType(),
                model.referralKind() == null ? "REFERRAL" : model.referralKind(), model.purpose(), model.priority(),
                subject, model.relatedPersons(), model.concerns(), model.narrative(), model.occurredAt(),
                model.requestedAction(), model.risk(), model.requester(), model.supervisor(), model.consent(),
                model.classification(), model.restrictedDisclosure(), model.needs());
    }
}
