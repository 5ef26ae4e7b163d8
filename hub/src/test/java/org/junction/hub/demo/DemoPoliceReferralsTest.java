package org.junction.hub.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.MappingContext;
import org.junction.mappings.nhs.NhsNumber;
import org.junit.jupiter.api.Test;

class DemoPoliceReferralsTest {

    private static final int RUN = 300;
    private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void everyNhsNumberIsFromTheTestRangeAndPassesModulus11() throws Exception {
        for (JsonNode body : run(42)) {
            String nhs = body.path("subject").path("nhsNumber").asText();
            assertThat(NhsNumber.isValid(nhs)).as("NHS number check digit").isTrue();
            assertThat(nhs).startsWith("999");
        }
    }

    @Test
    void mixesConsentedAndNonConsentedReferralsAboutTwoToOne() throws Exception {
        Map<String, Integer> statuses = new HashMap<>();
        for (JsonNode body : run(42)) {
            JsonNode consent = body.path("consent");
            String status = consent.path("status").asText();
            statuses.merge(status, 1, Integer::sum);
            if (status.equals("GIVEN") || status.equals("REFUSED")) {
                Instant recordedAt = Instant.parse(consent.path("recordedAt").asText());
                assertThat(recordedAt).isBefore(NOW);
            } else {
                assertThat(consent.has("recordedAt")).isFalse();
            }
        }
        assertThat(statuses.keySet()).containsExactlyInAnyOrder("GIVEN", "NOT_ASKED", "REFUSED");
        assertThat(statuses.get("GIVEN")).isBetween(RUN / 2, RUN * 5 / 6);
    }

    @Test
    void usesOnlyTheDemoPurposesAndPastBirthDates() throws Exception {
        for (JsonNode body : run(7)) {
            assertThat(body.path("purpose").asText()).isIn(DemoPoliceReferrals.PURPOSES);
            assertThat(LocalDate.parse(body.path("subject").path("birthDate").asText()))
                    .isBefore(LocalDate.ofInstant(NOW, ZoneOffset.UTC));
        }
    }

    @Test
    void theSameSeedGivesTheSameReferrals() {
        DemoPoliceReferrals a = new DemoPoliceReferrals(new Random(3), CLOCK);
        DemoPoliceReferrals b = new DemoPoliceReferrals(new Random(3), CLOCK);
        for (int i = 0; i < 20; i++) {
            assertThat(a.next()).isEqualTo(b.next());
        }
    }

    @Test
    void everyBodyIsAcceptedByThePoliceMapper() {
        // A body the hub would refuse teaches a demo watcher nothing about sharing decisions.
        InboundMapper police = MapperRegistry.standard().find("police-referral-json-v1").orElseThrow();
        DemoPoliceReferrals referrals = new DemoPoliceReferrals(new Random(11), CLOCK);
        for (int i = 0; i < 100; i++) {
            byte[] body = referrals.next().getBytes(StandardCharsets.UTF_8);
            MappingContext ctx = new MappingContext(UUID.randomUUID(), "police-demo", "req-" + i, null, NOW);
            assertThat(police.map(body, ctx).getEntry()).isNotEmpty();
        }
    }

    private List<JsonNode> run(long seed) throws Exception {
        DemoPoliceReferrals referrals = new DemoPoliceReferrals(new Random(seed), CLOCK);
        List<JsonNode> bodies = new ArrayList<>();
        for (int i = 0; i < RUN; i++) {
            bodies.add(json.readTree(referrals.next()));
        }
        return bodies;
    }
}
