package org.junction.hub.recall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.mappings.RenderContext;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.bars.BarsBundleRenderer;
import org.junit.jupiter.api.Test;

/**
 * A FHIR sender takes back its own referral with a BaRS cancellation through {@code $process-message},
 * as a REST sender does with {@code entered-in-error}; nobody else's.
 */
class FhirCancelIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of(System.getProperty("junction.root.dir", ".."),
            "mappings", "src", "test", "resources", "fixtures", "fhir-bars-r4-v1", "inbound");

    @Test
    void aHospitalMarksItsOwnReferralEnteredInErrorWithACancellationMessageAndNoOneElses() throws Exception {
        var sent = processMessage(HOSPITAL_KEY, Files.readString(FIXTURES.resolve("plain-uk-core-hospital-referral/input.json")));
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        UUID own = UUID.fromString(sent.headers().firstValue("Location").orElseThrow()
                .substring("/api/v1/referrals/".length()));
        var police = postReferral(POLICE_KEY, newRequestId(),
                SampleReferrals.police("9990000123", "Aurelian", "Brackwater", "GIVEN"));
        UUID policeReferral = UUID.fromString(JSON.readTree(police.body()).get("trackingId").asText());

        var foreign = processMessage(HOSPITAL_KEY, cancellation(policeReferral, Cancellation.Cause.ENTERED_IN_ERROR));
        assertThat(foreign.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(foreign.body()).get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(processMessage(HOSPITAL_KEY, cancellation(UUID.randomUUID(), Cancellation.Cause.ENTERED_IN_ERROR))
                .statusCode()).isEqualTo(404);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM referral_withdrawal WHERE tracking_id = ?", Integer.class,
                policeReferral)).isZero();

        var first = processMessage(HOSPITAL_KEY, cancellation(own, Cancellation.Cause.ENTERED_IN_ERROR));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(processMessage(HOSPITAL_KEY, cancellation(own, Cancellation.Cause.ENTERED_IN_ERROR)).statusCode())
                .isEqualTo(200);

        assertThat(jdbc.queryForObject("""
                SELECT reason_code FROM referral_withdrawal WHERE tracking_id = ? AND cause = 'ENTERED_IN_ERROR'""",
                String.class, own)).isEqualTo("WRONG_PERSON");
        assertThat(jdbc.queryForObject("""
                SELECT actor FROM ledger_event WHERE tracking_id = ? AND event_type = 'ENTERED_IN_ERROR'""",
                String.class, own)).isEqualTo("hospital-test");
        await().atMost(Duration.ofSeconds(10)).until(() -> "ENTERED_IN_ERROR".equals(JSON.readTree(
                get(HOSPITAL_KEY, "/api/v1/referrals/" + own).body()).get("status").asText()));
    }

    @Test
    void aRevokingMessageUnderTheCancellationDefinitionWorksTheSameWay() throws Exception {
        var sent = processMessage(HOSPITAL_KEY, Files.readString(FIXTURES.resolve("plain-uk-core-hospital-referral/input.json")));
        UUID own = UUID.fromString(sent.headers().firstValue("Location").orElseThrow()
                .substring("/api/v1/referrals/".length()));
        var revoked = processMessage(HOSPITAL_KEY, cancellation(own, Cancellation.Cause.WITHDRAWAL));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(202);
        assertThat(jdbc.queryForObject("SELECT reason_code FROM referral_withdrawal WHERE tracking_id = ?",
                String.class, own)).isEqualTo("NO_LONGER_NEEDED");
    }

    /** The BaRS cancellation message of a referral, as a FHIR sender would send it. */
    private static String cancellation(UUID trackingId, Cancellation.Cause cause) {
        String reason = cause == Cancellation.Cause.ENTERED_IN_ERROR ? "WRONG_PERSON" : "NO_LONGER_NEEDED";
        var message = new BarsBundleRenderer().cancellationBundle(new Cancellation(UUID.randomUUID(), trackingId,
                "hospital-test", null, cause, reason, Instant.now(), null),
                new RenderContext("hub", Instant.now()));
        return Fhir.toJson(message);
    }

    private HttpResponse<String> processMessage(String key, String body) {
        String requestId = newRequestId();
        return send(HttpRequest.newBuilder(uri("/fhir/$process-message"))
                .header("Content-Type", "application/fhir+json").header("X-API-Key", key)
                .header("X-Request-ID", requestId).header("X-Correlation-ID", "corr-" + requestId)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
