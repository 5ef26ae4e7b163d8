package org.junction.mappings.volunteer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.MappingContext;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.outcome.Outcome;
import org.junction.mappings.outcome.OutcomeModel;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/volunteer-outcome-json-v1}: {@code input.json}
 * maps to the outcome message in {@code expected.json}, which reads back to the same model, or is
 * refused with exactly {@code expected-violations.json}. Run with {@code -Dgolden.update=true} to
 * rewrite the expected files, then review the diff.
 */
class VolunteerOutcomeJsonMapperGoldenTest {

    static final MappingContext CONTEXT = new MappingContext(
            UUID.fromString("c4d5e6f7-0a1b-4c2d-8e3f-405162738495"), "test-volunteers", "req-vo-0001",
            "corr-vo-0001", Instant.parse("2026-11-20T10:20:00Z"));

    private final VolunteerOutcomeJsonMapper mapper = new VolunteerOutcomeJsonMapper();

    @TestFactory
    Stream<DynamicTest> eachFixtureMapsAsRecorded() {
        return GoldenFiles.eachCase(VolunteerOutcomeJsonMapper.ID, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        Path expectedBundle = dir.resolve("expected.json");
        Path expectedViolations = dir.resolve("expected-violations.json");
        byte[] input = GoldenFiles.read(dir.resolve("input.json"));

        OutcomeModel model;
        try {
            model = mapper.toModel(input, CONTEXT);
        } catch (MappingException e) {
            assertThat(e.mapperId()).isEqualTo(VolunteerOutcomeJsonMapper.ID);
            GoldenFiles.deleteUnderUpdate(expectedBundle);
            GoldenFiles.assertViolations(expectedViolations, e.violations());
            return;
        }
        GoldenFiles.deleteUnderUpdate(expectedViolations);
        Bundle bundle = mapper.map(input, CONTEXT);
        String json = Fhir.toJson(bundle);
        GoldenFiles.assertJson(expectedBundle, GoldenFiles.JSON.readTree(json));
        assertThat(Outcome.of(Fhir.parseBundle(json)).model()).isEqualTo(model);
    }
}
