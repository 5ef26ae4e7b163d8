package org.junction.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.bench.load.NhsNumbers;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.bars.BarsBundleMapper;
import org.junit.jupiter.api.Test;

class BarsMessagesTest {

    private static final Path FIXTURE = Path.of(System.getProperty("junction.root.dir", ".."),
            "mappings/src/test/resources/fixtures/fhir-bars-r4-v1/inbound/plain-uk-core-hospital-referral/input.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachMessageIsADistinctReferralAboutADistinctPersonThatTheBarsMapperAccepts() throws Exception {
        var messages = new BarsMessages(FIXTURE, "bench-council");
        var random = new SplittableRandom(7);

        byte[] first = messages.next(random);
        byte[] second = messages.next(random);

        Referral one = map(first);
        Referral two = map(second);
        assertThat(one.model().requestedRecipient()).isEqualTo("bench-council");
        assertThat(one.nhsNumber()).hasValueSatisfying(n -> assertThat(NhsNumbers.isValid(n)).isTrue());
        assertThat(one.nhsNumber()).isNotEqualTo(two.nhsNumber());
        // Not the same person by any identifier (the hospital's own number included): the hub would
        // otherwise order every delivery behind the one before.
        assertThat(one.subjectIdentifiers()).hasSizeGreaterThan(1).doesNotContainAnyElementsOf(two.subjectIdentifiers());
        assertThat(JSON.readTree(first).get("id").asText()).isNotEqualTo(JSON.readTree(second).get("id").asText());
        assertThat(serviceRequest(first).get("identifier").get(0).get("value").asText())
                .isNotEqualTo(serviceRequest(second).get("identifier").get(0).get("value").asText());
    }

    @Test
    void theMessageHeaderKeepsOneIdForItsEntryAndItsResource() throws Exception {
        JsonNode header = JSON.readTree(new BarsMessages(FIXTURE, null).next(new SplittableRandom(1)))
                .get("entry").get(0);

        assertThat(header.get("resource").get("resourceType").asText()).isEqualTo("MessageHeader");
        assertThat(header.get("fullUrl").asText()).isEqualTo("urn:uuid:" + header.get("resource").get("id").asText())
                .isNotEqualTo("urn:uuid:a1b2c3d4-0001-4000-8000-000000000001");
    }

    private static Referral map(byte[] message) {
        Bundle canonical = new BarsBundleMapper().map(message, new MappingContext(UUID.randomUUID(), "bench-hospital",
                "request-1", "correlation-1", Instant.parse("2026-11-23T06:00:00Z")));
        return Referral.of(canonical);
    }

    private static JsonNode serviceRequest(byte[] message) throws Exception {
        for (JsonNode entry : JSON.readTree(message).get("entry")) {
            if (entry.get("resource").get("resourceType").asText().equals("ServiceRequest")) {
                return entry.get("resource");
            }
        }
        throw new AssertionError("no ServiceRequest");
    }
}
