package org.junction.mappings.fhir.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.testing.GoldenFiles;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * One dynamic test per directory under {@code fixtures/fhir-bars-r4-v1/inbound}: the partner's
 * message in {@code input.json} (or {@code input.xml}) maps to the canonical Bundle in
 * {@code expected.json}, or is refused with exactly {@code expected-violations.json}. Run with
 * {@code -Dgolden.update=true} to rewrite the expected files, and with {@code -Dgolden.inputs=true}
 * to rebuild the inputs that are the hub's own renderings.
 */
class BarsBundleMapperGoldenTest {

    private final BarsBundleMapper mapper = new BarsBundleMapper();

    @TestFactory
    Stream<DynamicTest> eachPartnerMessageMapsAsRecorded() {
        return GoldenFiles.eachCase(BarsFixtures.INBOUND, 5, this::check);
    }

    @Test
    @EnabledIfSystemProperty(named = "golden.inputs", matches = "true")
    void regenerateInputs() throws IOException {
        BarsBundleRenderer renderer = new BarsBundleRenderer();
        Map<String, ReferralModel> rendered = Map.of(
                "hub-rendering-several-related-persons-non-ascii", Models.full(),
                "hub-rendering-cancellation-consent-withdrawn", BarsFixtures.withdrawn(),
                "hub-rendering-minimal-information-only", Models.minimal(),
                "hub-rendering-maximum-field-sizes", BarsFixtures.maximumSizes());
        for (Map.Entry<String, ReferralModel> input : rendered.entrySet()) {
            Bundle canonical = ReferralBundles.toBundle(input.getValue(), BarsFixtures.COUNCIL);
            byte[] message = renderer.render(Referral.of(canonical), BarsFixtures.RENDER);
            Path dir = GoldenFiles.dir(BarsFixtures.INBOUND).resolve(input.getKey());
            Files.createDirectories(dir);
            GoldenFiles.JSON.writeValue(dir.resolve("input.json").toFile(), GoldenFiles.JSON.readTree(message));
        }
        Path plain = GoldenFiles.dir(BarsFixtures.INBOUND).resolve("plain-uk-core-hospital-referral");
        Bundle json = BarsFixtures.bundle(plain.resolve("input.json"));
        Path xml = GoldenFiles.dir(BarsFixtures.INBOUND).resolve("plain-uk-core-hospital-referral-as-xml");
        Files.createDirectories(xml);
        Files.writeString(xml.resolve("input.xml"),
                Fhir.context().newXmlParser().setPrettyPrint(true).encodeResourceToString(json) + "\n");
    }

    private void check(Path dir) throws IOException {
        Path input = Files.exists(dir.resolve("input.xml")) ? dir.resolve("input.xml") : dir.resolve("input.json");
        Path expectedBundle = dir.resolve("expected.json");
        Path expectedViolations = dir.resolve("expected-violations.json");
        Bundle bundle;
        try {
            bundle = mapper.map(GoldenFiles.read(input), BarsFixtures.HOSPITAL);
        } catch (MappingException e) {
            assertThat(e.mapperId()).isEqualTo(Bars.MAPPER_ID);
            assertNoValueQuoted(input, e);
            GoldenFiles.deleteUnderUpdate(expectedBundle);
            GoldenFiles.assertViolations(expectedViolations, e.violations());
            return;
        }
        GoldenFiles.deleteUnderUpdate(expectedViolations);
        if (!GoldenFiles.UPDATE && Files.exists(expectedViolations)) {
            fail(dir.getFileName() + " expects violations but the input was mapped");
        }
        // The canonical Bundle must read back through the hub's typed view.
        Referral.of(bundle).model();
        GoldenFiles.assertJson(expectedBundle, GoldenFiles.JSON.readTree(Fhir.toJson(bundle)));
    }

    // Reasons are written by the mapper: none may carry a string value taken from the input.
    private static void assertNoValueQuoted(Path input, MappingException e) {
        String text = new String(GoldenFiles.read(input), StandardCharsets.UTF_8);
        for (String probe : new String[] {"9990000043", "99900012", "NOT_A_TYPE", "NOT_A_CONCERN", "Súilleabháin", "colour"}) {
            if (text.contains(probe)) {
                assertThat(e.getMessage()).as("message of " + input).doesNotContain(probe);
            }
        }
    }
}
