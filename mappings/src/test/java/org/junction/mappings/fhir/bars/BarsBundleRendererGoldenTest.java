package org.junction.mappings.fhir.bars;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.validation.FhirValidator;
import org.junction.mappings.fhir.validation.SharedValidators;
import org.junction.mappings.fhir.validation.ValidationReport;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One dynamic test per directory under {@code fixtures/fhir-bars-r4-v1/outbound}: the canonical
 * Bundle in {@code input.json} renders to {@code expected.json}, and every rendering validates with
 * no errors against base R4 and against UK Core. Run with {@code -Dgolden.update=true} to rewrite
 * the expected files (then review the diff), and with {@code -Dgolden.inputs=true} to rebuild the
 * inputs from the police fixtures and the hand-made models.
 */
class BarsBundleRendererGoldenTest {

    private final BarsBundleRenderer renderer = new BarsBundleRenderer();

    @TestFactory
    Stream<DynamicTest> eachCanonicalReferralRendersAsRecorded() {
        return GoldenFiles.eachCase(BarsFixtures.OUTBOUND, 5, dir ->
                GoldenFiles.assertJson(dir.resolve("expected.json"), GoldenFiles.JSON.readTree(render(dir))));
    }

    @TestFactory
    Stream<DynamicTest> eachRenderingHasNoErrorsAgainstBaseR4() {
        return GoldenFiles.eachCase(BarsFixtures.OUTBOUND, 5, dir -> assertNoErrors(SharedValidators.baseR4(), dir));
    }

    @TestFactory
    Stream<DynamicTest> eachRenderingHasNoErrorsAgainstUkCore() {
        return GoldenFiles.eachCase(BarsFixtures.OUTBOUND, 5, dir -> assertNoErrors(SharedValidators.ukCore(), dir));
    }

    @Test
    void theUkCoreCheckBitesOnABrokenRendering() {
        Bundle rendered = renderer.bundle(Referral.of(ReferralBundles.toBundle(Models.full(), BarsFixtures.COUNCIL)),
                BarsFixtures.RENDER);
        // Two NHS numbers break UK Core's identifier slice; a ServiceRequest without a subject breaks base R4.
        org.hl7.fhir.r4.model.Patient patient = (org.hl7.fhir.r4.model.Patient) rendered.getEntry().get(2).getResource();
        patient.addIdentifier().setSystem("https://fhir.nhs.uk/Id/nhs-number").setValue("9990000034");
        ((org.hl7.fhir.r4.model.ServiceRequest) rendered.getEntry().get(1).getResource()).setSubject(null);

        ValidationReport report = SharedValidators.ukCore().validate(rendered);

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).anySatisfy(i -> assertThat(i.message()).contains("ServiceRequest.subject"));
        assertThat(report.errors()).anySatisfy(i -> assertThat(i.location()).contains("Bundle.entry[2].resource"));
    }

    @Test
    @EnabledIfSystemProperty(named = "golden.inputs", matches = "true")
    void regenerateInputs() throws IOException {
        Map<String, Bundle> inputs = Map.of(
                "domestic-abuse-police-consent-given", Fixtures.mapPolice("domestic-abuse-consent-given"),
                "adult-at-risk-police-consent-refused", Fixtures.mapPolice("adult-at-risk-consent-refused"),
                "mental-health-police-no-nhs-number", Fixtures.mapPolice("mental-health-no-nhs-number-consent-not-asked"),
                "minimal-information-only-official", ReferralBundles.toBundle(Models.minimal(), BarsFixtures.COUNCIL),
                "several-related-persons-non-ascii-names", ReferralBundles.toBundle(Models.full(), BarsFixtures.COUNCIL),
                "consent-withdrawn-sent-as-cancellation", ReferralBundles.toBundle(BarsFixtures.withdrawn(), BarsFixtures.COUNCIL),
                "maximum-field-sizes", ReferralBundles.toBundle(BarsFixtures.maximumSizes(), BarsFixtures.COUNCIL));
        for (Map.Entry<String, Bundle> input : inputs.entrySet()) {
            Path dir = BarsFixtures.outbound(input.getKey());
            Files.createDirectories(dir);
            GoldenFiles.JSON.writeValue(dir.resolve("input.json").toFile(),
                    GoldenFiles.JSON.readTree(Fhir.toJson(input.getValue())));
        }
    }

    private byte[] render(Path dir) {
        Bundle input = BarsFixtures.bundle(dir.resolve("input.json"));
        return renderer.render(Referral.of(input), BarsFixtures.RENDER);
    }

    private void assertNoErrors(FhirValidator validator, Path dir) {
        Bundle rendered = Fhir.parseBundle(new String(render(dir), StandardCharsets.UTF_8));
        ValidationReport report = validator.validate(rendered);
        assertThat(report.errors()).as(dir.getFileName().toString()).isEmpty();
    }
}
