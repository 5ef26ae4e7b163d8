package org.junction.mappings.police;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/police-referral-json-v1}: {@code input.json}
 * maps to {@code expected.json}, or is refused with exactly {@code expected-violations.json}.
 * Run with {@code -Dgolden.update=true} to rewrite the expected files, then review the diff.
 */
class PoliceReferralJsonMapperGoldenTest {

    private final PoliceReferralJsonMapper mapper = new PoliceReferralJsonMapper();

    @TestFactory
    Stream<DynamicTest> eachFixtureMapsAsRecorded() {
        return GoldenFiles.eachCase(PoliceReferralJsonMapper.ID, 8, this::check);
    }

    @Test
    void fixturesUseOnlyTestRangeNhsNumbers() throws IOException {
        try (Stream<Path> files = Files.walk(GoldenFiles.dir(PoliceReferralJsonMapper.ID))) {
            for (Path input : files.filter(p -> p.getFileName().toString().equals("input.json")).toList()) {
                JsonNode nhs = readTreeOrNull(input).path("subject").path("nhsNumber");
                if (nhs.isTextual()) {
                    assertThat(NhsNumber.normalise(nhs.textValue())).as(input.toString()).startsWith("999");
                }
            }
        }
    }

    static void check(Path dir, Bundle bundleOrNull, MappingException refusal) throws IOException {
        Path expectedBundle = dir.resolve("expected.json");
        Path expectedViolations = dir.resolve("expected-violations.json");
        if (refusal != null) {
            GoldenFiles.deleteUnderUpdate(expectedBundle);
            GoldenFiles.assertViolations(expectedViolations, refusal.violations());
            return;
        }
        GoldenFiles.deleteUnderUpdate(expectedViolations);
        GoldenFiles.assertJson(expectedBundle, GoldenFiles.JSON.readTree(Fhir.toJson(bundleOrNull)));
    }

    private void check(Path dir) throws IOException {
        byte[] input = GoldenFiles.read(dir.resolve("input.json"));
        try {
            check(dir, mapper.map(input, Fixtures.CONTEXT), null);
        } catch (MappingException e) {
            check(dir, null, e);
        }
    }

    private static JsonNode readTreeOrNull(Path file) {
        try {
            return GoldenFiles.JSON.readTree(file.toFile());
        } catch (IOException malformedOnPurpose) {
            return GoldenFiles.JSON.missingNode();
        }
    }
}
