package org.junction.mappings.fhir.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.outcome.Outcome;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/fhir-feedback-r4-v1}: the recipient's Task,
 * Communication or message Bundle in {@code input.json} (or {@code input.xml}) maps to the canonical
 * outcome message in {@code expected.json}, or is refused with {@code expected-violations.json}.
 * Run with {@code -Dgolden.update=true} to rewrite the expected files, then review the diff.
 */
class FhirFeedbackMapperGoldenTest {

    private final FhirFeedbackMapper mapper = new FhirFeedbackMapper();

    @TestFactory
    Stream<DynamicTest> eachFeedbackMapsAsRecorded() {
        return GoldenFiles.eachCase(FhirFeedbackMapper.ID, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        Path input = Files.exists(dir.resolve("input.xml")) ? dir.resolve("input.xml") : dir.resolve("input.json");
        Path expectedBundle = dir.resolve("expected.json");
        Path expectedViolations = dir.resolve("expected-violations.json");
        Bundle bundle;
        try {
            bundle = mapper.map(GoldenFiles.read(input), BarsFixtures.HOSPITAL);
        } catch (MappingException e) {
            assertThat(e.mapperId()).isEqualTo(FhirFeedbackMapper.ID);
            assertThat(e.getMessage()).doesNotContain("PVP-not-a-uuid").doesNotContain("NOT_A_CODE").doesNotContain("yyyy");
            GoldenFiles.deleteUnderUpdate(expectedBundle);
            GoldenFiles.assertViolations(expectedViolations, e.violations());
            return;
        }
        GoldenFiles.deleteUnderUpdate(expectedViolations);
        if (!GoldenFiles.UPDATE && Files.exists(expectedViolations)) {
            fail(dir.getFileName() + " expects violations but the input was mapped");
        }
        // What the canonical outcome message says is what the mapper read.
        assertThat(Outcome.of(bundle).model()).isEqualTo(mapper.toModel(GoldenFiles.read(input), BarsFixtures.HOSPITAL));
        GoldenFiles.assertJson(expectedBundle, GoldenFiles.JSON.readTree(Fhir.toJson(bundle)));
    }
}
