package org.junction.mappings.mash;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Stream;
import org.junction.mappings.RenderContext;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.schema.JsonSchemas;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/mash-referral-json-v1}: the canonical
 * Bundle in {@code input.json} renders to {@code expected.json}, and every rendering is valid
 * against the published {@code mash-referral-json-v1} schema.
 */
class MashReferralJsonRendererGoldenTest {

    static final RenderContext RENDER = new RenderContext("test-mash", Instant.parse("2026-11-20T10:30:00Z"));

    private final MashReferralJsonRenderer renderer = new MashReferralJsonRenderer();

    @TestFactory
    Stream<DynamicTest> eachCanonicalReferralRendersAsRecordedForTheMash() {
        return GoldenFiles.eachCase(MashReferralJsonRenderer.ID, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        Referral referral = Referral.of(Fhir.parseBundle(Files.readString(dir.resolve("input.json"))));

        JsonNode output = GoldenFiles.JSON.readTree(renderer.render(referral, RENDER));

        GoldenFiles.assertJson(dir.resolve("expected.json"), output);
        assertThat(JsonSchemas.validate(MashReferralJsonRenderer.ID, output)).isEmpty();
    }
}
