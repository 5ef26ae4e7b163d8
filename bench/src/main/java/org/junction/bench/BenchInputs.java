package org.junction.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;
import org.junction.mappings.MappingContext;
import org.junction.mappings.RenderContext;

/**
 * Benchmark inputs: the mappers' golden fixtures, packaged into the benchmarks jar at build time
 * (see the resources section of bench/pom.xml), so each benchmark maps an input that the mapper's
 * own tests prove valid today.
 */
final class BenchInputs {

    /** Just after the latest fixture date, so every fixture passes its "not in the future" checks. */
    static final Instant RECEIVED_AT = Instant.parse("2026-11-21T12:00:00Z");
    static final RenderContext RENDER = new RenderContext("bench-recipient", Instant.parse("2026-11-21T09:00:00Z"));

    private BenchInputs() {
    }

    /** A fixture file, by its path under {@code mappings/src/test/resources/fixtures}. */
    static byte[] fixture(String path) {
        try (InputStream in = BenchInputs.class.getResourceAsStream("/fixtures/" + path)) {
            if (in == null) {
                throw new IllegalStateException("no fixture " + path + " in the benchmarks jar; was it renamed?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MappingContext context(String sender, long n) {
        return new MappingContext(new UUID(0x6a7b8c9d0e1f4a2bL, 0x8c3d000000000000L | n), sender, "bench-" + n,
                "bench-correlation", RECEIVED_AT);
    }
}
