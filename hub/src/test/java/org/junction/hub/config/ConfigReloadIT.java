package org.junction.hub.config;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The configuration directory reloads without a restart: a new partner of an existing type (a
 * council on the rest-json sink) is added with its routes and a rule, receives referrals, and is
 * removed again; an invalid set changes nothing and names every problem; a dry run only reports.
 */
class ConfigReloadIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BEARER = "test-council-b-bearer-token";
    /** The new council's HTTP API: WireMock stands in for the partner. */
    private static final WireMockServer COUNCIL_B = startCouncil();

    @Autowired
    CamelContext camel;

    private static WireMockServer startCouncil() {
        var server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    @AfterAll
    static void stopCouncil() {
        COUNCIL_B.stop();
    }

    @AfterEach
    void restoreTheSharedConfiguration() throws IOException {
        for (String name : List.of("council-b", "broken-mapper", "inline-secret", "police-again")) {
            deletePartnerFile(name);
        }
        removeAgreementsAndReload();
        COUNCIL_B.resetAll();
    }

    @Test
    void dryRunReportsTheDiffAndChangesNothing() throws Exception {
        writeCouncilB();

        var response = reloadConfig(true);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("status").asText()).isEqualTo("DRY_RUN");
        assertThat(texts(outcome.at("/diff/partners/added"))).containsExactly("council-b");
        assertThat(texts(outcome.at("/diff/routes/added"))).containsExactlyInAnyOrder("deliver-council-b",
                "rest-json-sink-council-b");
        assertThat(partnerIds()).doesNotContain("council-b");
        assertThat(camel.getRoute("deliver-council-b")).isNull();
    }

    @Test
    void newPartnerOfAnExistingTypeIsAddedWithItsRoutesReceivesReferralsAndIsRemovedAgain() throws Exception {
        COUNCIL_B.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)
                .withHeader("Location", "/referrals/cb-17")));
        writeCouncilB();
        stageSharing(new TestFlow("police-test", "council-b", "CAREMGT"));

        var response = reloadConfig(false);

        assertThat(response.statusCode()).isEqualTo(200);
        approveEveryParty(BASELINE_AGREEMENT);
        JsonNode outcome = JSON.readTree(response.body());
        assertThat(outcome.get("status").asText()).isEqualTo("APPLIED");
        assertThat(outcome.get("caller").asText()).isEqualTo("admin-test");
        assertThat(texts(outcome.at("/diff/agreements/changed"))).containsExactly(BASELINE_AGREEMENT);
        JsonNode partner = partner("council-b");
        assertThat(partner.get("state").asText()).isEqualTo("RUNNING");
        assertThat(partner.get("adapters").get(0).get("routeState").asText()).isEqualTo("Started");
        assertThat(configEvents("CONFIG_APPLIED")).contains("admin-test");

        String body = SampleReferrals.police("9990000174", "Perpetua", "Oakhanger", "GIVEN").replace("PATSFTY", "CAREMGT");
        var posted = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(posted.statusCode()).isEqualTo(202);
        UUID trackingId = UUID.fromString(JSON.readTree(posted.body()).get("trackingId").asText());

        await().atMost(Duration.ofSeconds(20)).until(() -> !COUNCIL_B.findAll(postRequestedFor(urlEqualTo("/referrals"))).isEmpty());
        LoggedRequest request = COUNCIL_B.findAll(postRequestedFor(urlEqualTo("/referrals"))).get(0);
        JsonNode sent = JSON.readTree(request.getBodyAsString());
        assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + BEARER);
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        assertThat(request.getHeader("X-Request-ID")).isNotBlank();
        assertThat(request.getHeader("Idempotency-Key")).isEqualTo(request.getHeader("X-Request-ID"));
        assertThat(request.getBodyAsString()).contains("9990000174");
        assertThat(sent.isObject()).isTrue();
        // No broker header (ids, pseudonyms) travels on to the partner.
        assertThat(request.getAllHeaderKeys()).noneMatch(h -> h.toLowerCase().startsWith("junction")
                || h.toLowerCase().startsWith("jms"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "DELIVERED".equals(JSON.readTree(
                get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("recipients").path("council-b").asText()));

        deletePartnerFile("council-b");
        stageSharing();
        JsonNode removal = JSON.readTree(reloadConfig(false).body());
        assertThat(texts(removal.at("/diff/partners/removed"))).containsExactly("council-b");
        assertThat(camel.getRoute("deliver-council-b")).isNull();
        assertThat(camel.getRoute("rest-json-sink-council-b")).isNull();
    }

    @Test
    void recipientRefusingTheReferralDeadLettersItWithTheStatus() throws Exception {
        COUNCIL_B.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(400)));
        writeCouncilB();
        shareAlso(new TestFlow("police-test", "council-b", "CAREMGT"));

        String body = SampleReferrals.police("9990000158", "Isolde", "Brackenbury", "GIVEN").replace("PATSFTY", "CAREMGT");
        UUID trackingId = UUID.fromString(JSON.readTree(postReferral(POLICE_KEY, newRequestId(), body).body())
                .get("trackingId").asText());

        await().atMost(Duration.ofSeconds(20)).until(() -> "FAILED".equals(JSON.readTree(
                get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("recipients").path("council-b").asText()));
        assertThat(jdbc.queryForObject("""
                SELECT reason_code FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERY_FAILED'""",
                String.class, trackingId)).isEqualTo("HTTP_400");
        // Refused for good: one attempt, no retries.
        assertThat(COUNCIL_B.findAll(postRequestedFor(urlEqualTo("/referrals")))).hasSize(1);
    }

    @Test
    void invalidSetChangesNothingAndNamesEveryProblem() throws Exception {
        List<String> before = partnerIds();
        int routesBefore = camel.getRoutes().size();
        writePartner("broken-mapper", """
                id: broken-mapper
                name: Broken Mapper Council
                kind: COUNCIL
                sink: { type: rest-json, endpoint: "http://127.0.0.1:9/x", mapper: council-referral-json-v9 }
                """);
        writePartner("inline-secret", """
                id: inline-secret
                name: Inline Secret Council
                kind: COUNCIL
                sink: { type: rest-json, endpoint: "http://127.0.0.1:9/x", mapper: council-referral-json-v1,
                        credentials: "hunter2-not-a-reference" }
                """);
        writePartner("police-again", """
                id: police-test
                name: A second Testshire Police
                kind: POLICE
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """);
        writeCouncilB();

        var response = reloadConfig(false);

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain("hunter2");
        List<String> problems = new ArrayList<>();
        JSON.readTree(response.body()).get("problems").forEach(p -> problems.add(
                p.get("file").asText() + "|" + p.path("partner").asText() + "|" + p.path("key").asText() + "|"
                        + p.get("reason").asText()));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("partners/broken-mapper.yaml|broken-mapper|sink.mapper|'council-referral-json-v9' is not an outbound format"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .startsWith("partners/inline-secret.yaml|inline-secret|sink.credentials|must be a reference"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .isEqualTo("partners/police-again.yaml|police-test|id|already used by partners/police-test.yaml"));
        // Nothing applied: not even the valid new partner.
        assertThat(partnerIds()).isEqualTo(before).doesNotContain("council-b");
        assertThat(camel.getRoutes()).hasSize(routesBefore);
        assertThat(configEvents("CONFIG_REFUSED")).contains("admin-test");
        assertThat(partner("police-test").get("problems")).isNotEmpty();
    }

    @Test
    void onlyHubAdminsMayReloadOrListPartners() {
        assertThat(send(java.net.http.HttpRequest.newBuilder(uri("/api/v1/admin/config/reload"))
                .header("X-API-Key", POLICE_KEY).POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build())
                .statusCode()).isEqualTo(403);
        assertThat(get(IG_LEAD_KEY, "/api/v1/admin/partners").statusCode()).isEqualTo(403);
        assertThat(get("not-a-key", "/api/v1/admin/partners").statusCode()).isEqualTo(401);
    }

    private void writeCouncilB() throws IOException {
        Files.writeString(CONFIG_DIR.resolve("council-b.token"), BEARER + "\n", StandardCharsets.UTF_8);
        writePartner("council-b", """
                id: council-b
                name: Testshire Borough Council (B)
                kind: COUNCIL
                sink:
                  type: rest-json
                  endpoint: "%s/referrals"
                  mapper: council-referral-json-v1
                  credentials: "file:%s"
                """.formatted(COUNCIL_B.baseUrl(), CONFIG_DIR.resolve("council-b.token")));
    }

    private List<String> partnerIds() throws IOException {
        List<String> ids = new ArrayList<>();
        JSON.readTree(get(ADMIN_KEY, "/api/v1/admin/partners").body()).forEach(p -> ids.add(p.get("id").asText()));
        return ids;
    }

    private JsonNode partner(String id) throws IOException {
        for (JsonNode p : JSON.readTree(get(ADMIN_KEY, "/api/v1/admin/partners").body())) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        throw new AssertionError("no partner " + id);
    }

    private List<String> configEvents(String type) {
        return jdbc.queryForList("SELECT actor FROM ledger_event WHERE event_type = ?", String.class, type);
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
