package org.junction.mappings.council;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralModel.PersonIdentifier;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.Test;

class CouncilReferralJsonMapperTest {

    private final CouncilReferralJsonMapper mapper = new CouncilReferralJsonMapper();

    @Test
    void councilPersonIdIsScopedToTheSendingCouncil() {
        MappingContext other = new MappingContext(UUID.randomUUID(), "westshire-cc", null, null,
                CouncilFixtures.INBOUND.receivedAt());

        List<PersonIdentifier> ids = mapper.toModel(input("early-help-family-full"), other).subject().identifiers();

        assertThat(ids).contains(new PersonIdentifier("https://fhir.junction-hub.org/Id/la-person/westshire-cc",
                "MOS-1002345"));
    }

    @Test
    void absentOptionalsTakeTheDocumentedDefaults() {
        var model = mapper.toModel(input("homelessness-minimal-required-only"), CouncilFixtures.INBOUND);

        assertThat(model.referralKind()).isEqualTo("REFERRAL");
        assertThat(model.priority()).isEqualTo("routine");
        assertThat(model.classification().marking()).isEqualTo("OFFICIAL-SENSITIVE");
        assertThat(model.classification().descriptors()).containsExactly("PERSONAL");
        assertThat(model.restrictedDisclosure()).isFalse();
        assertThat(model.risk()).isNull();
        assertThat(model.subject().identifiers()).isEmpty();
    }

    @Test
    void restrictedDisclosureAndTheMarkingReachTheBundle() {
        Bundle bundle = mapper.map(input("adult-at-risk-no-nhs-number"), CouncilFixtures.INBOUND);

        var model = Referral.of(bundle).model();
        assertThat(model.restrictedDisclosure()).isTrue();
        assertThat(model.classification().marking()).isEqualTo("OFFICIAL-SENSITIVE");
        assertThat(Referral.of(bundle).nhsNumber()).isEmpty();
    }

    @Test
    void refusalsNameFieldsButNeverRepeatTheInput() throws IOException {
        for (String name : List.of("bad-unknown-codes", "bad-missing-required-and-wrong-types",
                "bad-future-and-impossible-dates-and-too-long", "bad-nhs-number-fails-modulus-11")) {
            byte[] input = input(name);
            MappingException e = catchThrowableOfType(() -> mapper.map(input, CouncilFixtures.INBOUND),
                    MappingException.class);

            Set<String> values = strings(GoldenFiles.JSON.readTree(input));
            assertThat(values).as(name).isNotEmpty();
            for (Violation v : e.violations()) {
                assertThat(values).as(name + " " + v).noneMatch(value -> v.reason().contains(value));
            }
            assertThat(values).as(name).noneMatch(value -> e.getMessage().contains(value));
        }
    }

    @Test
    void mappingLeavesTheInputUntouchedAndIsRepeatable() {
        byte[] input = input("child-concern-information-only-several-related-persons");
        byte[] copy = Arrays.copyOf(input, input.length);

        String first = Fhir.toJson(mapper.map(input, CouncilFixtures.INBOUND));
        String second = Fhir.toJson(mapper.map(input, CouncilFixtures.INBOUND));

        assertThat(input).isEqualTo(copy);
        assertThat(second).isEqualTo(first);
    }

    @Test
    void oneMapperServesConcurrentCallers() {
        byte[] input = input("early-help-family-full");
        String expected = Fhir.toJson(mapper.map(input, CouncilFixtures.INBOUND));

        List<String> results = IntStream.range(0, 32).parallel()
                .mapToObj(i -> Fhir.toJson(mapper.map(input, CouncilFixtures.INBOUND)))
                .toList();

        assertThat(results).allMatch(expected::equals);
    }

    @Test
    void timesAFewMinutesAheadOfTheHubAreAcceptedAsClockSkew() {
        String doc = new String(input("homelessness-minimal-required-only"), UTF_8)
                .replace("\"2026-11-20T08:00:00Z\"", "\"2026-11-20T10:23:00Z\"");

        assertThat(mapper.toModel(doc.getBytes(UTF_8), CouncilFixtures.INBOUND).consent().recordedAt())
                .isEqualTo(Instant.parse("2026-11-20T10:23:00Z"));
    }

    @Test
    void anEmptyBodyIsMalformed() {
        MappingException e = catchThrowableOfType(() -> mapper.map(new byte[0], CouncilFixtures.INBOUND),
                MappingException.class);

        assertThat(e.kind()).isEqualTo(Violation.Kind.MALFORMED);
        assertThat(e.violations()).extracting(Violation::field).containsExactly("$");
    }

    private static byte[] input(String caseName) {
        return GoldenFiles.read(CouncilFixtures.inbound(caseName).resolve("input.json"));
    }

    // Every string value of four characters or more: shorter ones ("F", "HOME") occur in ordinary words.
    private static Set<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out.stream().filter(s -> s.strip().length() >= 4).collect(Collectors.toSet());
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isTextual()) {
            out.add(node.textValue());
        }
        node.forEach(child -> collect(child, out));
    }

}
