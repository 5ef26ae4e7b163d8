package org.junction.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery under a misbehaving partner: a partner that fails a share of its requests, or is down
 * for a while, still gets everything, each delivery accepted once; a partner that holds its
 * connections does not hold up anyone else's deliveries.
 */
class DeliveryReliabilityIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** One partner per test: what one test leaves queued never reaches another's assertions. */
    private static final List<String> PARTNERS = List.of("council-flaky", "council-down", "council-slow");
    /** Answers 503 to a seeded 30 % of requests while switched on. */
    private static final Flaky FLAKY = new Flaky(20261122L);
    private static final WireMockServer COUNCIL = start(WireMockConfiguration.options().dynamicPort()
            .bindAddress("127.0.0.1").extensions(FLAKY));
    private static WireMockServer start(WireMockConfiguration options) {
        var server = new WireMockServer(options);
        server.start();
        return server;
    }

    @AfterAll
    static void stop() {
        COUNCIL.stop();
    }

    @AfterEach
    void restore() throws IOException {
        FLAKY.failRate = 0;
        PARTNERS.forEach(HubIntegrationTest::deletePartnerFile);
        removeAgreementsAndReload();
        COUNCIL.resetAll();
        VOLUNTEER.resetAll();
    }

    @Test
    void partnerFailingThirtyPercentOfRequestsGetsEverythingEachAcceptedOnce() throws Exception {
        String partner = addCouncil("council-flaky");
        COUNCIL.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)));
        FLAKY.failRate = 0.3;

        List<UUID> sent = submitMany(20, 600);

        await().atMost(Duration.ofSeconds(60)).until(() -> sent.stream().allMatch(id -> "DELIVERED".equals(state(id, partner))));
        assertEachKeyAcceptedOnce(20);
        assertThat(COUNCIL.getAllServeEvents()).anyMatch(e -> e.getResponse().getStatus() == 503);
    }

    @Test
    void partnerDownForAWhileGetsEverythingOnceItIsBack() throws Exception {
        String partner = addCouncil("council-down");
        COUNCIL.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)));
        FLAKY.failRate = 1.0;

        List<UUID> sent = submitMany(10, 700);
        await().atMost(Duration.ofSeconds(20)).until(() -> COUNCIL.getAllServeEvents().size() >= 3);
        Thread.sleep(1_000);
        FLAKY.failRate = 0;

        await().atMost(Duration.ofSeconds(60)).until(() -> sent.stream().allMatch(id -> "DELIVERED".equals(state(id, partner))));
        assertEachKeyAcceptedOnce(10);
    }

    @Test
    void partnerHoldingItsConnectionsDoesNotHoldUpAnotherPartner() throws Exception {
        String partner = addCouncil("council-slow");
        // The council's API takes its time over every request.
        COUNCIL.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201).withFixedDelay(8_000)));
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(202)));

        List<UUID> toCouncil = submitMany(3, 800);
        UUID toVolunteer = submit(SampleReferrals.police(OrderingAndPriorityIT.nhsNumber(850), "Honora", "Gillingham",
                "GIVEN").replace("PATSFTY", "SUPNWK"));

        await().atMost(Duration.ofSeconds(20)).until(() -> "DELIVERED".equals(
                JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + toVolunteer).body()).get("recipients")
                        .path("volunteer-test").asText()));
        assertThat(toCouncil.stream().filter(id -> "DELIVERED".equals(state(id, partner))).count())
                .as("the slow partner is still working through its queue").isLessThan(3);
    }

    private String addCouncil(String id) throws IOException {
        writePartner(id, """
                id: %s
                name: Testshire Unreliable Council
                kind: COUNCIL
                sink: { type: rest-json, endpoint: "%s/referrals", mapper: council-referral-json-v1 }
                delivery: { initial-delay: 20ms, maximum-delay: 200ms }
                """.formatted(id, COUNCIL.baseUrl()));
        shareAlso(new TestFlow("police-test", id, "CAREMGT"));
        return id;
    }

    private void assertEachKeyAcceptedOnce(int expected) {
        Map<String, Long> accepted = COUNCIL.getAllServeEvents().stream()
                .filter(e -> e.getResponse().getStatus() == 201)
                .collect(Collectors.groupingBy(e -> e.getRequest().getHeader("Idempotency-Key"), Collectors.counting()));
        assertThat(accepted).hasSize(expected);
        assertThat(accepted.values()).allMatch(n -> n == 1);
    }

    private List<UUID> submitMany(int count, int seed) throws Exception {
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(submit(SampleReferrals.police(OrderingAndPriorityIT.nhsNumber(seed + i * 3), "Reliable", "Tester",
                    "GIVEN").replace("PATSFTY", "CAREMGT")));
        }
        return ids;
    }

    private UUID submit(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private String state(UUID trackingId, String partner) {
        try {
            return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("recipients")
                    .path(partner).asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A partner fault injector: a seeded share of requests answered 503, the rest as stubbed. */
    static final class Flaky implements ResponseDefinitionTransformerV2 {

        private final Random random;
        volatile double failRate;

        Flaky(long seed) {
            this.random = new Random(seed);
        }

        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            boolean fail;
            synchronized (random) {
                fail = random.nextDouble() < failRate;
            }
            return fail ? new com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder().withStatus(503).build()
                    : serveEvent.getResponseDefinition();
        }

        @Override
        public String getName() {
            return "junction-flaky-partner";
        }
    }
}
