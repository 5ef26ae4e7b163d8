package org.junction.mappings.volunteer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junction.mappings.RenderContext;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/volunteer-stepdown-json-v1}: the canonical
 * Bundle in {@code input.json} renders to {@code expected.json}. Run with {@code -Dgolden.update=true}
 * to rewrite the expected files, then review the diff.
 */
class VolunteerStepdownJsonMapperGoldenTest {

    static final RenderContext CONTEXT = new RenderContext("test-volunteers", Instant.parse("2026-11-21T09:00:00Z"));

    private final VolunteerStepdownJsonMapper mapper = new VolunteerStepdownJsonMapper();

    @TestFactory
    Stream<DynamicTest> eachFixtureRendersAsRecorded() {
        return GoldenFiles.eachCase(VolunteerStepdownJsonMapper.ID, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        byte[] rendered = mapper.render(input(dir), CONTEXT);
        GoldenFiles.assertJson(dir.resolve("expected.json"), GoldenFiles.JSON.readTree(rendered));
    }

    static Referral input(Path dir) {
        String json = new String(GoldenFiles.read(dir.resolve("input.json")), StandardCharsets.UTF_8);
        return Referral.of(Fhir.parseBundle(json));
    }
}
