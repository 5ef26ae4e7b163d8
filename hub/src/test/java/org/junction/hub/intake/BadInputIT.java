package org.junction.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.adapters.intake.OutboxStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Bad input gets a specific 4xx naming the field and reason, never echoes values, and stores nothing. */
class BadInputIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @Autowired
    OutboxStore store;
    private int requestsBefore;
    private int eventsBefore;

    @BeforeEach
    void countRows() {
        requestsBefore = count("intake_request");
        eventsBefore = receivedEvents();
    }

    @Test
    void missingFieldsAre400NamingEachField() throws Exception {
        String body = SampleReferrals.police("9990000042", "Perrin", "Oakhollow")
                .replace("\"sourceRef\": \"PVP/2026/000123\",", "")
                .replace("\"family\": \"Oakhollow\"", "\"family\": \"\"");

        String requestId = newRequestId();
        var response = postReferral(POLICE_KEY, requestId, body);

        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, "sourceRef", "subject.name.family");
        assertThat(store.findTrackingId("police-test", requestId)).isEmpty();
        assertThat(response.body()).doesNotContain("Perrin", "9990000042");
        assertNothingStored();
    }

    @Test
    void malformedJsonIs400() throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), "{\"sourceRef\": ");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("errors")).isNotEmpty();
        assertNothingStored();
    }

    @Test
    void nhsNumberFailingModulus11Is422WithoutEchoingIt() throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police("9990000019", "Perrin", "Oakhollow"));

        assertThat(response.statusCode()).isEqualTo(422);
        assertProblem(response, "subject.nhsNumber");
        assertThat(response.body()).doesNotContain("9990000019", "Perrin", "Oakhollow");
        assertNothingStored();
    }

    @Test
    void unknownConcernCodeIs422() throws Exception {
        String body = SampleReferrals.police("9990000042", "Perrin", "Oakhollow").replace("\"MH\"", "\"NOT_A_CODE\"");

        var response = postReferral(POLICE_KEY, newRequestId(), body);

        assertThat(response.statusCode()).isEqualTo(422);
        assertProblem(response, "concerns[1]");
        assertNothingStored();
    }

    @Test
    void bodyOverTheLimitIs413() {
        String padding = "x".repeat(70_000);
        String body = SampleReferrals.police("9990000042", "Perrin", "Oakhollow")
                .replace("Officers attended", padding);

        var response = postReferral(POLICE_KEY, newRequestId(), body);

        assertThat(response.statusCode()).isEqualTo(413);
        assertNothingStored();
    }

    @Test
    void missingRequestIdIs400() throws Exception {
        var response = postReferral(POLICE_KEY, null, SampleReferrals.police("9990000042", "Perrin", "Oakhollow"));

        assertThat(response.statusCode()).isEqualTo(400);
        assertProblem(response, "X-Request-ID");
        assertNothingStored();
    }

    @Test
    void unknownApiKeyIs401AndMissingKeyIs401() {
        assertThat(postReferral("not-a-key", newRequestId(), SampleReferrals.police(null, "A", "B")).statusCode())
                .isEqualTo(401);
        assertThat(postReferral(null, newRequestId(), SampleReferrals.police(null, "A", "B")).statusCode())
                .isEqualTo(401);
        assertNothingStored();
    }

    @Test
    void partnerThatIsNotAPoliceSourceIs403() {
        var response = postReferral(COUNCIL_KEY, newRequestId(), SampleReferrals.police("9990000042", "Perrin", "Oakhollow"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertNothingStored();
    }

    private void assertProblem(HttpResponse<String> response, String... fields) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode errors = JSON.readTree(response.body()).get("errors");
        assertThat(errors).extracting(e -> e.get("field").asText()).contains(fields);
        assertThat(errors).allSatisfy(e -> assertThat(e.get("reason").asText()).isNotBlank());
    }

    private int receivedEvents() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE event_type = 'RECEIVED'", Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * Intake writes its idempotency key, outbox row and RECEIVED event in one transaction, so no new
     * key and no new RECEIVED event means no outbox row either (other referrals' rows may be leaving
     * the outbox meanwhile, so its size proves nothing).
     */
    private void assertNothingStored() {
        assertThat(count("intake_request")).isEqualTo(requestsBefore);
        assertThat(receivedEvents()).isEqualTo(eventsBefore);
    }
}
