package org.junction.mappings.council;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.schema.JsonSchemas;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/council-referral-json-v1/outbound}: the
 * canonical Bundle in {@code input.json} renders to {@code expected.json} for the test council.
 * Each rendering must also be valid {@code council-referral-json-v1} input, except for the
 * required fields a referral from elsewhere may not have (a reference, a summary, a requester).
 */
class CouncilReferralJsonRendererGoldenTest {

    private final CouncilReferralJsonRenderer renderer = new CouncilReferralJsonRenderer();

    @TestFactory
    Stream<DynamicTest> eachCanonicalReferralRendersAsRecorded() {
        return GoldenFiles.eachCase(CouncilFixtures.OUTBOUND_CASES, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        Referral referral = Referral.of(Fhir.parseBundle(Files.readString(dir.resolve("input.json"))));

        byte[] rendered = renderer.render(referral, CouncilFixtures.RENDER);

        JsonNode output = GoldenFiles.JSON.readTree(rendered);
        GoldenFiles.assertJson(dir.resolve("expected.json"), output);
        List<Violation> violations = JsonSchemas.validate(CouncilReferralJsonMapper.ID, output);
        assertThat(violations).as("schema violations other than missing fields the canonical referral lacks")
                .allSatisfy(v -> assertThat(v.reason()).isEqualTo("is required"))
                .extracting(Violation::field)
                .containsExactlyInAnyOrderElementsOf(absent(referral.model()));
    }

    private static List<String> absent(ReferralModel model) {
        return Stream.of(
                        model.sourceRef() == null ? "caseRef" : null,
                        model.narrative() == null ? "summary" : null,
                        model.requester() == null ? "worker" : null)
                .filter(java.util.Objects::nonNull)
                .toList();
    }
}
