package org.junction.mappings.council;

import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junction.mappings.MappingContext;
import org.junction.mappings.RenderContext;
import org.junction.mappings.testing.GoldenFiles;

/**
 * Contexts and folders of the council golden files. One id serves both directions, so its cases
 * are split: {@code inbound/<case>} holds council JSON in and a canonical Bundle out,
 * {@code outbound/<case>} a canonical Bundle in and council JSON out.
 */
final class CouncilFixtures {

    static final String SENDER = "test-council";

    /** A council sending to the hub; the receipt time is what future dates are judged against. */
    static final MappingContext INBOUND = new MappingContext(
            UUID.fromString("0b7e4c2a-91d3-4f6e-8a5b-2c4d6e8f0a1b"),
            SENDER,
            "req-council-0001",
            "5a1f3e2d-7c6b-4a98-b7e6-d5c4b3a29180",
            Instant.parse("2026-11-20T10:20:00Z"));

    /** The hub rendering for the same council, so the council's own person id is written back. */
    static final RenderContext RENDER = new RenderContext(SENDER, Instant.parse("2026-11-20T10:25:00Z"));

    static final String INBOUND_CASES = CouncilReferralJsonMapper.ID + "/inbound";
    static final String OUTBOUND_CASES = CouncilReferralJsonRenderer.ID + "/outbound";

    private CouncilFixtures() {
    }

    static Path inbound(String caseName) {
        return GoldenFiles.dir(INBOUND_CASES).resolve(caseName);
    }
}
