package org.junction.mappings.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junction.mappings.problem.Violation;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Shared plumbing of the golden-file tests: one dynamic test per case directory under
 * {@code fixtures/<mapper-id>}, and comparisons that rewrite the expected file instead of failing
 * when the build runs with {@code -Dgolden.update=true} (then review the diff before committing).
 */
public final class GoldenFiles {

    public static final boolean UPDATE = Boolean.getBoolean("golden.update");

    /** Pretty and stable, so that a regenerated file diffs readably. */
    public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private GoldenFiles() {
    }

    public static Path dir(String mapperId) {
        return Fixtures.ROOT.resolve(mapperId);
    }

    /** The case directories of a mapper, sorted by name. */
    public static List<Path> cases(String mapperId) {
        try (Stream<Path> dirs = Files.list(dir(mapperId))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One dynamic test per case, after checking that the mapper has at least {@code minimum} cases. */
    public static Stream<DynamicTest> eachCase(String mapperId, int minimum, ThrowingConsumer<Path> check) {
        List<Path> cases = cases(mapperId);
        assertThat(cases).as("golden cases of " + mapperId).hasSizeGreaterThanOrEqualTo(minimum);
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check.accept(dir)));
    }

    public static byte[] read(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Compares {@code actual} with the JSON in {@code expected} as trees (so formatting does not
     * matter), or writes it there under update.
     */
    public static void assertJson(Path expected, JsonNode actual) throws IOException {
        if (UPDATE) {
            Files.writeString(expected, JSON.writeValueAsString(actual) + "\n");
            return;
        }
        if (!Files.exists(expected)) {
            fail(expected + " is missing; run with -Dgolden.update=true to create it");
        }
        JsonNode recorded = JSON.readTree(expected.toFile());
        if (!actual.equals(recorded)) {
            // The pretty strings only make the failure readable as a diff.
            assertThat(JSON.writeValueAsString(actual)).isEqualTo(JSON.writeValueAsString(recorded));
        }
    }

    /** Compares text byte for byte (for CSV, XML or other non-JSON renderings), or writes it under update. */
    public static void assertText(Path expected, String actual) throws IOException {
        if (UPDATE) {
            Files.writeString(expected, actual, StandardCharsets.UTF_8);
            return;
        }
        if (!Files.exists(expected)) {
            fail(expected + " is missing; run with -Dgolden.update=true to create it");
        }
        assertThat(actual).isEqualTo(Files.readString(expected, StandardCharsets.UTF_8));
    }

    /** Compares violations in any order with {@code expected} (a list of {field, reason, kind}), or writes them. */
    public static void assertViolations(Path expected, List<Violation> actual) throws IOException {
        if (UPDATE) {
            Files.writeString(expected, JSON.writeValueAsString(actual) + "\n");
            return;
        }
        if (!Files.exists(expected)) {
            fail("the input was refused but " + expected + " does not exist: " + actual);
        }
        List<Violation> recorded = JSON.readValue(expected.toFile(), new TypeReference<List<Violation>>() { });
        assertThat(actual).containsExactlyInAnyOrderElementsOf(recorded);
    }

    /** Under update, removes an expected file that the current outcome makes stale. */
    public static void deleteUnderUpdate(Path stale) throws IOException {
        if (UPDATE) {
            Files.deleteIfExists(stale);
        }
    }
}
