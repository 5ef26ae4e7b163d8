package org.junction.bench;

import java.util.concurrent.TimeUnit;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.council.CouncilReferralJsonMapper;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junction.mappings.mash.MashOutcomeJsonMapper;
import org.junction.mappings.police.PoliceReferralJsonMapper;
import org.junction.mappings.police.PoliceReferralXmlMapper;
import org.junction.mappings.volunteer.VolunteerOutcomeJsonMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Partner bytes in -> validated -> canonical Bundle, and on to the FHIR JSON string the hub stores
 * and forwards. One input per format, chosen as a typical full referral (or outcome).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InboundBenchmark {

    @Param({"police-referral-json-v1", "police-referral-xml-v1", "council-referral-json-v1", "fhir-bars-r4-v1",
            "mash-outcome-json-v1", "volunteer-outcome-json-v1"})
    public String format;

    private InboundMapper mapper;
    private byte[] input;
    private MappingContext context;

    @Setup
    public void setUp() {
        switch (format) {
            case "police-referral-json-v1" -> use(new PoliceReferralJsonMapper(),
                    "police-referral-json-v1/domestic-abuse-consent-given/input.json", "bench-police");
            case "police-referral-xml-v1" -> use(new PoliceReferralXmlMapper(),
                    "police-referral-xml-v1/domestic-abuse-consent-given/input.xml", "bench-police");
            case "council-referral-json-v1" -> use(new CouncilReferralJsonMapper(),
                    "council-referral-json-v1/inbound/early-help-family-full/input.json", "bench-council");
            case "fhir-bars-r4-v1" -> use(new BarsBundleMapper(),
                    "fhir-bars-r4-v1/inbound/plain-uk-core-hospital-referral/input.json", "bench-hospital");
            case "mash-outcome-json-v1" -> use(new MashOutcomeJsonMapper(),
                    "mash-outcome-json-v1/s47-enquiry-by-tracking-id-with-next-steps/input.json", "bench-mash");
            case "volunteer-outcome-json-v1" -> use(new VolunteerOutcomeJsonMapper(),
                    "volunteer-outcome-json-v1/engaged-with-next-steps/input.json", "bench-volunteers");
            default -> throw new IllegalArgumentException("no inbound benchmark input for " + format);
        }
        // Fail here, not in the measurement loop, when an input no longer maps.
        mapper.map(input, context);
    }

    private void use(InboundMapper mapper, String fixture, String sender) {
        this.mapper = mapper;
        this.input = BenchInputs.fixture(fixture);
        this.context = BenchInputs.context(sender, 1);
    }

    /** Parse and validate the partner format and build the canonical Bundle. */
    @Benchmark
    public Bundle toCanonical() {
        return mapper.map(input, context);
    }

    /** As {@link #toCanonical()}, then serialise the Bundle as FHIR JSON. */
    @Benchmark
    public String toCanonicalFhirJson() {
        return Fhir.toJson(mapper.map(input, context));
    }
}
