package org.junction.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.MappingContext;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hub hands the Bundle a stage built to the next stage in memory, instead of that stage
 * parsing the JSON it was stored as. That is sound only if, in every way a later stage reads it, the
 * Bundle as built reads as its JSON parsed does. Checked here for the referral fixtures of every
 * inbound format: the referral as the decide stage reads it, and the canonical Bundle built from its
 * model (what the decide stage hands to delivery) as every outbound format renders it.
 */
class HandedOverBundleTest {

    private static final MapperRegistry FORMATS = MapperRegistry.standard();
    private static final RenderContext RENDER = new RenderContext("test-recipient", Instant.parse("2026-11-22T09:00:00Z"));
    private static final MappingContext CONTEXT = new MappingContext(
            UUID.fromString("5d2e7f10-3a4b-4c5d-9e8f-0a1b2c3d4e5f"), "test-sender", "req-0300",
            "2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f", Instant.parse("2026-11-22T08:45:00Z"));

    @TestFactory
    Stream<DynamicTest> everyReferralReadsAsItsStoredJsonDoes() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String format : List.of("police-referral-json-v1", "police-referral-xml-v1")) {
            referralCases(Fixtures.ROOT.resolve(format)).forEach(dir -> tests.add(DynamicTest.dynamicTest(
                    format + "/" + dir.getFileName(), () -> assertReadsAlike(mapOne(format, dir)))));
        }
        for (String format : List.of("council-referral-json-v1", "fhir-bars-r4-v1")) {
            referralCases(Fixtures.ROOT.resolve(format).resolve("inbound")).forEach(dir -> tests.add(
                    DynamicTest.dynamicTest(format + "/" + dir.getFileName(),
                            () -> assertReadsAlike(mapOne(format, dir)))));
        }
        String bulk = "police-high-demand-csv-v1";
        referralCases(Fixtures.ROOT.resolve(bulk)).forEach(dir -> tests.add(DynamicTest.dynamicTest(
                bulk + "/" + dir.getFileName(), () -> {
                    var rows = FORMATS.findBulk(bulk).orElseThrow().mapRows(GoldenFiles.read(input(dir)),
                            row -> new MappingContext(new UUID(7, row), CONTEXT.senderPartnerId(), "feed-" + row,
                                    null, CONTEXT.receivedAt()));
                    for (var row : rows) {
                        if (row.mapped()) {
                            assertReadsAlike(row.bundle());
                        }
                    }
                })));
        // Every format with fixtures that map, and enough of them to mean something.
        assertThat(tests).hasSizeGreaterThan(20);
        return tests.stream();
    }

    private static Bundle mapOne(String format, Path dir) {
        return FORMATS.find(format).orElseThrow().map(GoldenFiles.read(input(dir)), CONTEXT);
    }

    private static void assertReadsAlike(Bundle built) {
        Bundle stored = Fhir.parseBundle(Fhir.toJson(built));
        Referral handed = Referral.of(built);
        Referral parsed = Referral.of(stored);

        ReferralRoundTripTest.assertSameView(parsed, handed);

        // What the decide stage hands to delivery: a canonical Bundle built from a model.
        var context = new MappingContext(handed.trackingId(), handed.senderPartnerId(), null,
                handed.correlationId().orElse(null), handed.bundle().getTimestamp().toInstant());
        Bundle minimised = ReferralBundles.toBundle(handed.model(), context);
        Bundle minimisedStored = Fhir.parseBundle(Fhir.toJson(minimised));
        assertThat(Referral.of(minimised).model()).isEqualTo(Referral.of(minimisedStored).model());
        for (String id : FORMATS.outboundIds()) {
            OutboundMapper format = FORMATS.findOutbound(id).orElseThrow();
            assertThat(rendered(format, minimised)).as(id).isEqualTo(rendered(format, minimisedStored));
        }
        // Read as above, the built Bundle still writes as it did: nothing was added to it by reading.
        assertThat(Fhir.toJson(built)).isEqualTo(Fhir.toJson(stored));
    }

    /** What a format makes of a Bundle, or the refusal it gives (a format may not take every referral). */
    private static String rendered(OutboundMapper format, Bundle bundle) {
        try {
            return new String(format.renderDispatch(bundle, RENDER), java.nio.charset.StandardCharsets.UTF_8);
        } catch (RuntimeException refused) {
            return refused.getClass().getName() + ": " + refused.getMessage();
        }
    }

    private static Stream<Path> referralCases(Path root) {
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(Files::isDirectory)
                    .filter(dir -> !dir.getFileName().toString().startsWith("bad-"))
                    .filter(dir -> input(dir) != null)
                    .sorted()
                    .toList()
                    .stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path input(Path dir) {
        for (String name : List.of("input.json", "input.xml", "input.csv")) {
            if (Files.exists(dir.resolve(name))) {
                return dir.resolve(name);
            }
        }
        return null;
    }
}
