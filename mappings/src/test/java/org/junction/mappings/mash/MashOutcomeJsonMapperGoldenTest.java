package org.junction.mappings.mash;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.MappingContext;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.validation.SharedValidators;
import org.junction.mappings.fhir.validation.ValidationReport;
import org.junction.mappings.outcome.Outcome;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/mash-outcome-json-v1}: {@code input.json}
 * maps to the canonical outcome Bundle in {@code expected.json}, or is refused with exactly
 * {@code expected-violations.json}. A mapped outcome reads back through {@link Outcome} as the
 * model it was built from, and is valid FHIR R4.
 */
class MashOutcomeJsonMapperGoldenTest {

    static final MappingContext CONTEXT = new MappingContext(
            UUID.fromString("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a"),
            "test-mash",
            "req-mash-0007",
            "5a1f3e2d-7c6b-4a98-b7e6-d5c4b3a29180",
            Instant.parse("2026-11-21T12:00:00Z"));

    private final MashOutcomeJsonMapper mapper = new MashOutcomeJsonMapper();

    @TestFactory
    Stream<DynamicTest> eachMashOutcomeMapsAsRecorded() {
        return GoldenFiles.eachCase(MashOutcomeJsonMapper.ID, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        Path expectedBundle = dir.resolve("expected.json");
        Path expectedViolations = dir.resolve("expected-violations.json");
        byte[] input = GoldenFiles.read(dir.resolve("input.json"));
        Bundle bundle;
        try {
            bundle = mapper.map(input, CONTEXT);
        } catch (MappingException e) {
            assertThat(e.mapperId()).isEqualTo(MashOutcomeJsonMapper.ID);
            GoldenFiles.assertViolations(expectedViolations, e.violations());
            GoldenFiles.deleteUnderUpdate(expectedBundle);
            return;
        }
        assertThat(Files.exists(expectedViolations) && !GoldenFiles.UPDATE)
                .as(dir.getFileName() + " expects a refusal but the input was mapped").isFalse();
        String json = Fhir.toJson(bundle);
        GoldenFiles.assertJson(expectedBundle, GoldenFiles.JSON.readTree(json));
        GoldenFiles.deleteUnderUpdate(expectedViolations);

        Outcome stored = Outcome.of(Fhir.parseBundle(json));
        assertThat(stored.model()).isEqualTo(mapper.toModel(input, CONTEXT));
        assertThat(stored.senderPartnerId()).isEqualTo(CONTEXT.senderPartnerId());
        ValidationReport report = SharedValidators.baseR4().validate(bundle);
        assertThat(report.errors()).as(report.describe()).isEmpty();
    }
}
