package org.junction.mappings.council;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/council-referral-json-v1/inbound}:
 * {@code input.json} maps to the canonical Bundle in {@code expected.json}, or is refused with
 * exactly {@code expected-violations.json}. {@code -Dgolden.update=true} rewrites them.
 */
class CouncilReferralJsonMapperGoldenTest {

    private final CouncilReferralJsonMapper mapper = new CouncilReferralJsonMapper();

    @TestFactory
    Stream<DynamicTest> eachCouncilReferralMapsAsRecorded() {
        return GoldenFiles.eachCase(CouncilFixtures.INBOUND_CASES, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        Path expectedBundle = dir.resolve("expected.json");
        Path expectedViolations = dir.resolve("expected-violations.json");
        byte[] input = GoldenFiles.read(dir.resolve("input.json"));
        Bundle bundle;
        try {
            bundle = mapper.map(input, CouncilFixtures.INBOUND);
        } catch (MappingException e) {
            assertThat(e.mapperId()).isEqualTo(CouncilReferralJsonMapper.ID);
            GoldenFiles.assertViolations(expectedViolations, e.violations());
            GoldenFiles.deleteUnderUpdate(expectedBundle);
            return;
        }
        assertThat(Files.exists(expectedViolations) && !GoldenFiles.UPDATE)
                .as(dir.getFileName() + " expects a refusal but the input was mapped").isFalse();
        GoldenFiles.assertJson(expectedBundle, GoldenFiles.JSON.readTree(Fhir.toJson(bundle)));
        GoldenFiles.deleteUnderUpdate(expectedViolations);
    }
}
