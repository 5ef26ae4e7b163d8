package org.junction.mappings.police;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.testing.Fixtures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/police-referral-json-v1}: {@code input.json}
 * maps to {@code expected.json}, or is refused with exactly {@code expected-violations.json}.
 * Run with {@code -Dgolden.update=true} to rewrite the expected files, then review the diff.
 */
class PoliceReferralJsonMapperGoldenTest {

    private static final boolean UPDATE = Boolean.getBoolean("golden.update");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path CASES = Fixtures.police("");

    private final PoliceReferralJsonMapper mapper = new PoliceReferralJsonMapper();

    @TestFactory
    Stream<DynamicTest> eachFixtureMapsAsRecorded() throws IOException {
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(CASES)) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).as("golden cases").hasSizeGreaterThanOrEqualTo(8);
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir)));
    }

    @Test
    void fixturesUseOnlyTestRangeNhsNumbers() throws IOException {
        try (Stream<Path> files = Files.walk(CASES)) {
            for (Path input : files.filter(p -> p.getFileName().toString().equals("input.json")).toList()) {
                JsonNode nhs = readTreeOrNull(input).path("subject").path("nhsNumber");
                if (nhs.isTextual()) {
                    assertThat(NhsNumber.normalise(nhs.textValue())).as(input.toString()).startsWith("999");
                }
            }
        }
    }

    private void check(Path dir) throws IOException {
        Path expectedBundle = dir.resolve("expected.json");
        Path expectedViolations = dir.resolve("expected-violations.json");
        byte[] input = Files.readAllBytes(dir.resolve("input.json"));

        Bundle bundle;
        try {
            bundle = mapper.map(input, Fixtures.CONTEXT);
        } catch (MappingException e) {
            if (UPDATE) {
                write(expectedViolations, JSON.valueToTree(e.violations()));
                Files.deleteIfExists(expectedBundle);
                return;
            }
            if (!Files.exists(expectedViolations)) {
                fail("mapping was refused but " + dir.getFileName() + " expects a Bundle: " + e.getMessage());
            }
            List<Violation> expected = JSON.readValue(expectedViolations.toFile(), new TypeReference<List<Violation>>() { });
            assertThat(e.violations()).containsExactlyInAnyOrderElementsOf(expected);
            return;
        }

        JsonNode actual = JSON.readTree(Fhir.toJson(bundle));
        if (UPDATE) {
            write(expectedBundle, actual);
            Files.deleteIfExists(expectedViolations);
            return;
        }
        if (!Files.exists(expectedBundle)) {
            fail(dir.getFileName() + " expects violations but the input was mapped");
        }
        JsonNode expected = JSON.readTree(expectedBundle.toFile());
        if (!actual.equals(expected)) {
            // Compared as trees; the pretty strings only make the failure readable as a diff.
            assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(expected));
        }
    }

    private static void write(Path file, JsonNode tree) throws IOException {
        Files.writeString(file, JSON.writeValueAsString(tree) + "\n");
    }

    private static JsonNode readTreeOrNull(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException malformedOnPurpose) {
            return JSON.missingNode();
        }
    }
}
