package org.junction.mappings.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.MappingContext;
import org.junction.mappings.police.PoliceReferralJsonMapper;

/**
 * Golden fixtures are read from the source tree, not the classpath, so that
 * {@code -Dgolden.update=true} rewrites the very files the tests compare against.
 */
public final class Fixtures {

    public static final Path ROOT = Path.of("src", "test", "resources", "fixtures");

    public static final MappingContext CONTEXT = new MappingContext(
            UUID.fromString("3f2b8c1e-5d4a-4e6f-9a7b-1c2d3e4f5a6b"),
            "test-police",
            "req-0001",
            "6d0c9a52-8e4b-4d1f-b2a3-7c6e5f4d3b21",
            Instant.parse("2026-11-20T10:20:00Z"));

    private Fixtures() {
    }

    public static Path police(String caseName) {
        return ROOT.resolve(PoliceReferralJsonMapper.ID).resolve(caseName);
    }

    public static byte[] policeInput(String caseName) {
        try {
            return Files.readAllBytes(police(caseName).resolve("input.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Bundle mapPolice(String caseName) {
        return new PoliceReferralJsonMapper().map(policeInput(caseName), CONTEXT);
    }
}
