package org.junction.hub.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junction.hub.support.HubIntegrationTest;
import org.junit.jupiter.api.Test;

/** A hospital sends a BaRS-style FHIR message: accepted once, duplicates and bad input answered in FHIR. */
class FhirIntakeIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIXTURES = Path.of(System.getProperty("junction.root.dir", ".."),
            "mappings/src/test/resources/fixtures/fhir-bars-r4-v1/inbound");

    @Test
    void conformingMessageIsAcceptedAndARepeatOfItsRequestIdIsADuplicate() throws Exception {
        String bundle = Files.readString(FIXTURES.resolve("plain-uk-core-hospital-referral/input.json"));
        String requestId = newRequestId();

        var accepted = processMessage(HOSPITAL_KEY, requestId, bundle);

        assertThat(accepted.statusCode()).isEqualTo(202);
        assertThat(accepted.headers().firstValue("X-Request-ID")).hasValue(requestId);
        assertThat(accepted.headers().firstValue("X-Correlation-ID")).hasValue("corr-" + requestId);
        String location = accepted.headers().firstValue("Location").orElseThrow();
        await().atMost(Duration.ofSeconds(15)).until(() ->
                JSON.readTree(get(HOSPITAL_KEY, location).body()).get("status").asText().equals("DENIED"));

        var repeat = processMessage(HOSPITAL_KEY, requestId, bundle);
        assertThat(repeat.statusCode()).isEqualTo(409);
        assertThat(repeat.headers().firstValue("X-Request-ID")).hasValue(requestId);
        assertThat(JSON.readTree(repeat.body()).get("issue").get(0).get("code").asText()).isEqualTo("duplicate");
    }

    @Test
    void messageWithoutARequestIdIs400() throws Exception {
        var response = processMessage(HOSPITAL_KEY, null,
                Files.readString(FIXTURES.resolve("plain-uk-core-hospital-referral/input.json")));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(response.body()).get("issue")).extracting(i -> i.get("expression").get(0).asText())
                .contains("X-Request-ID");
    }

    @Test
    void messageWithoutACorrelationIdIs400AndItsRequestIdIsEchoed() throws Exception {
        String requestId = newRequestId();
        var request = HttpRequest.newBuilder(uri("/fhir/$process-message"))
                .header("Content-Type", "application/fhir+json").header("X-API-Key", HOSPITAL_KEY)
                .header("X-Request-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofString(
                        Files.readString(FIXTURES.resolve("plain-uk-core-hospital-referral/input.json"))))
                .build();

        var response = send(request);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("X-Request-ID")).hasValue(requestId);
        assertThat(JSON.readTree(response.body()).get("issue")).extracting(i -> i.get("expression").get(0).asText())
                .containsExactly("X-Correlation-ID");
    }

    @Test
    @SuppressWarnings("unchecked")
    void partnerApiIsDescribedByAnOpenApiDocumentCoveringEveryEndpoint() {
        var response = get(POLICE_KEY, "/api/v1/openapi.yaml");

        assertThat(response.statusCode()).isEqualTo(200);
        var document = (java.util.Map<String, Object>) new org.yaml.snakeyaml.Yaml().load(response.body());
        assertThat(document.get("openapi")).isEqualTo("3.0.3");
        assertThat((java.util.Map<String, Object>) document.get("paths")).containsKeys("/api/v1/referrals",
                "/api/v1/referrals/{trackingId}", "/fhir/$process-message", "/fhir/Consent", "/fhir/metadata");
    }

    @Test
    void capabilityStatementIsServedWithoutAuthentication() throws Exception {
        var response = send(HttpRequest.newBuilder(uri("/fhir/metadata")).GET().build());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode statement = JSON.readTree(response.body());
        assertThat(statement.get("resourceType").asText()).isEqualTo("CapabilityStatement");
        assertThat(statement.get("fhirVersion").asText()).isEqualTo("4.0.1");
        assertThat(statement.get("rest").get(0).get("operation").get(0).get("name").asText()).isEqualTo("process-message");
    }

    @Test
    void bundleThatIsNotAMessageIsRefusedWithAnOperationOutcomeNamingTheElement() throws Exception {
        var response = processMessage(HOSPITAL_KEY, newRequestId(),
                Files.readString(FIXTURES.resolve("bad-not-a-message-bundle/input.json")));

        assertThat(response.statusCode()).isIn(400, 422);
        JsonNode issue = JSON.readTree(response.body()).get("issue").get(0);
        assertThat(issue.get("expression").get(0).asText()).startsWith("Bundle");
    }

    @Test
    void partnerNotConfiguredForFhirReferralsIsRefused() throws Exception {
        var response = processMessage(POLICE_KEY, newRequestId(),
                Files.readString(FIXTURES.resolve("plain-uk-core-hospital-referral/input.json")));

        assertThat(response.statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> processMessage(String key, String requestId, String body) {
        var request = HttpRequest.newBuilder(uri("/fhir/$process-message"))
                .header("Content-Type", "application/fhir+json").header("X-API-Key", key)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (requestId != null) {
            request.header("X-Request-ID", requestId).header("X-Correlation-ID", "corr-" + requestId);
        }
        return send(request.build());
    }
}
