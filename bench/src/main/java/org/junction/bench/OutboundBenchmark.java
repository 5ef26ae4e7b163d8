package org.junction.bench;

import java.util.concurrent.TimeUnit;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.council.CouncilReferralCsvRenderer;
import org.junction.mappings.council.CouncilReferralJsonRenderer;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.bars.BarsBundleRenderer;
import org.junction.mappings.mash.MashReferralJsonRenderer;
import org.junction.mappings.volunteer.VolunteerStepdownJsonMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Canonical FHIR JSON (as stored) -> parsed Bundle -> typed view -> partner format, for every
 * outbound format. The canonical input is the same for all: a full domestic-abuse referral with
 * related persons, risk, consent and needs, so the formats are compared on equal work.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class OutboundBenchmark {

    static final String CANONICAL_INPUT = "volunteer-stepdown-json-v1/domestic-abuse-victim-perpetrator-named/input.json";

    @Param({"volunteer-stepdown-json-v1", "council-referral-json-v1", "council-referral-csv-v1",
            "mash-referral-json-v1", "fhir-bars-r4-v1"})
    public String format;

    private OutboundMapper renderer;
    private String canonicalJson;
    private Referral referral;

    @Setup
    public void setUp() {
        renderer = switch (format) {
            case "volunteer-stepdown-json-v1" -> new VolunteerStepdownJsonMapper();
            case "council-referral-json-v1" -> new CouncilReferralJsonRenderer();
            case "council-referral-csv-v1" -> new CouncilReferralCsvRenderer();
            case "mash-referral-json-v1" -> new MashReferralJsonRenderer();
            case "fhir-bars-r4-v1" -> new BarsBundleRenderer();
            default -> throw new IllegalArgumentException("no outbound benchmark for " + format);
        };
        canonicalJson = new String(BenchInputs.fixture(CANONICAL_INPUT), java.nio.charset.StandardCharsets.UTF_8);
        referral = Referral.of(Fhir.parseBundle(canonicalJson));
        renderer.render(referral, BenchInputs.RENDER);
    }

    /** Parse the stored canonical JSON, read it through the typed view and render the partner format. */
    @Benchmark
    public byte[] canonicalJsonToRendered() {
        return renderer.render(Referral.of(Fhir.parseBundle(canonicalJson)), BenchInputs.RENDER);
    }

    /** Render only, from a Bundle already in memory. */
    @Benchmark
    public byte[] render() {
        return renderer.render(referral, BenchInputs.RENDER);
    }
}
