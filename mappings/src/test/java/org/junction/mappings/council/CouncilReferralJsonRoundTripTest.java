package org.junction.mappings.council;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.schema.JsonSchemas;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every accepted inbound golden case, mapped to the canonical Bundle, serialised, parsed again and
 * rendered for the same council, gives back its input. The council format carries every field
 * both ways, so the only differences allowed are the ones {@link #asRendered} lists: defaults
 * written out, repeated concerns dropped, NHS number spaces removed, times in UTC, and the
 * {@code hub} block the renderer adds.
 */
class CouncilReferralJsonRoundTripTest {

    private static final ObjectMapper SORTED = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private final CouncilReferralJsonMapper mapper = new CouncilReferralJsonMapper();
    private final CouncilReferralJsonRenderer renderer = new CouncilReferralJsonRenderer();

    @TestFactory
    Stream<DynamicTest> councilReferralSurvivesInboundCanonicalAndOutbound() {
        return GoldenFiles.cases(CouncilFixtures.INBOUND_CASES).stream()
                .filter(dir -> Files.exists(dir.resolve("expected.json")))
                .map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> roundTrip(dir)));
    }

    private void roundTrip(Path dir) throws IOException {
        byte[] input = GoldenFiles.read(dir.resolve("input.json"));
        Bundle stored = Fhir.parseBundle(Fhir.toJson(mapper.map(input, CouncilFixtures.INBOUND)));

        byte[] rendered = renderer.render(Referral.of(stored), CouncilFixtures.RENDER);

        JsonNode output = GoldenFiles.JSON.readTree(rendered);
        assertThat(JsonSchemas.validate(CouncilReferralJsonMapper.ID, output)).as("rendering is valid input").isEmpty();
        assertThat(output.path("hub").path("trackingId").asText()).isEqualTo(CouncilFixtures.INBOUND.trackingId().toString());
        ((ObjectNode) output).remove("hub");
        JsonNode expected = asRendered((ObjectNode) GoldenFiles.JSON.readTree(input));
        if (!output.equals(expected)) {
            assertThat(sorted(output)).isEqualTo(sorted(expected));
        }
    }

    // Key order means nothing in JSON; sorting keys makes a failure a readable diff.
    private static String sorted(JsonNode node) throws IOException {
        return SORTED.writeValueAsString(SORTED.treeToValue(node, Object.class));
    }

    /** The input as the renderer writes it back: the documented normal form of council-referral-json-v1. */
    static JsonNode asRendered(ObjectNode doc) {
        doc.put("referralKind", doc.path("referralKind").asText("REFERRAL"));
        doc.put("priority", doc.path("priority").asText("ROUTINE"));
        if (doc.has("concerns")) {
            Set<String> distinct = new LinkedHashSet<>();
            doc.get("concerns").forEach(c -> distinct.add(c.asText()));
            ArrayNode concerns = doc.putArray("concerns");
            distinct.forEach(concerns::add);
        }
        utc(doc, "incidentAt");
        ObjectNode subject = (ObjectNode) doc.get("subject");
        if (subject.has("nhsNumber")) {
            subject.put("nhsNumber", NhsNumber.normalise(subject.get("nhsNumber").asText()));
            subject.put("nhsNumberVerified", subject.path("nhsNumberVerified").asBoolean(false));
        }
        subject.put("dateOfBirthEstimated", subject.path("dateOfBirthEstimated").asBoolean(false));
        subject.put("interpreterRequired", subject.path("interpreterRequired").asBoolean(false));
        subject.path("addresses").forEach(a -> ((ObjectNode) a).put("type", a.path("type").asText("HOME")));
        doc.path("household").forEach(member -> {
            if (member.has("address")) {
                ((ObjectNode) member.get("address")).put("type", member.get("address").path("type").asText("HOME"));
            }
        });
        if (doc.has("risk")) {
            ObjectNode risk = (ObjectNode) doc.get("risk");
            risk.put("professionalJudgementApplied", risk.path("professionalJudgementApplied").asBoolean(false));
        }
        utc((ObjectNode) doc.get("consent"), "recordedAt");
        if (!doc.has("classification")) {
            ObjectNode classification = doc.putObject("classification");
            classification.put("marking", "OFFICIAL-SENSITIVE");
            classification.putArray("descriptors").add("PERSONAL");
        }
        doc.put("restrictedDisclosure", doc.path("restrictedDisclosure").asBoolean(false));
        return doc;
    }

    private static void utc(ObjectNode node, String field) {
        if (node.has(field)) {
            node.put(field, DateTimeFormatter.ISO_INSTANT.format(OffsetDateTime.parse(node.get(field).asText()).toInstant()));
        }
    }
}
