package org.junction.hub.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestPki;
import org.junction.security.crypto.CmsSignatures;
import org.junction.security.crypto.DetachedJws;
import org.junction.security.identity.ApiKeys;
import org.junction.security.keys.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Source partners that sign what they send: a police system with a detached JWS header, another
 * with CMS SignedData bodies, and a hospital sending FHIR as CMS. A good signature is accepted as
 * an unsigned referral is; a missing one, one by another key, or a changed body is answered 422
 * naming {@code signature} and the reason, and nothing is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboundSignatureIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FHIR_FIXTURE = Path.of(System.getProperty("junction.root.dir", ".."),
            "mappings/src/test/resources/fixtures/fhir-bars-r4-v1/inbound/plain-uk-core-hospital-referral/input.json");
    private static final TestPki PARTNER_CA = new TestPki("Testshire Signing Partners CA");
    private static final String JWS_PARTNER = "police-jws";
    private static final String JWS_KEY = "test-police-jws-key-0001";
    private static final String CMS_PARTNER = "police-cms";
    private static final String CMS_KEY = "test-police-cms-key-0001";
    private static final String FHIR_PARTNER = "hospital-cms";
    private static final String FHIR_KEY = "test-hospital-cms-key-0001";
    private static final TestPki.Issued JWS_SIGNER = PARTNER_CA.client(JWS_PARTNER);
    private static final TestPki.Issued CMS_SIGNER = PARTNER_CA.client(CMS_PARTNER);
    private static final TestPki.Issued FHIR_SIGNER = PARTNER_CA.client(FHIR_PARTNER);
    private static final TestPki.Issued STRANGER = PARTNER_CA.client("someone-else");

    @BeforeAll
    void signingPartners() throws Exception {
        writePartner(JWS_PARTNER, source(JWS_PARTNER, "POLICE", JWS_KEY, "rest-json", "police-referral-json-v1", "jws",
                certificate(JWS_SIGNER)));
        writePartner(CMS_PARTNER, source(CMS_PARTNER, "POLICE", CMS_KEY, "rest-json", "police-referral-json-v1", "cms",
                certificate(CMS_SIGNER)));
        writePartner(FHIR_PARTNER, source(FHIR_PARTNER, "HEALTH", FHIR_KEY, "fhir-r4", "fhir-bars-r4-v1", "cms",
                certificate(FHIR_SIGNER)));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    }

    @AfterAll
    void removeSigningPartners() {
        deletePartnerFile(JWS_PARTNER);
        deletePartnerFile(CMS_PARTNER);
        deletePartnerFile(FHIR_PARTNER);
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
    }

    @Test
    void detachedJwsGoodIsAcceptedAndMissingWrongKeyOrTamperedIsRefusedWithNothingStored() throws Exception {
        byte[] body = SampleReferrals.police("9990000441", "Cressida", "Ollerenshaw").getBytes(StandardCharsets.UTF_8);
        String jws = DetachedJws.sign(body, JWS_SIGNER.key(), "ES256");

        assertAccepted(post(JWS_KEY, "application/json", body, jws));
        assertRefused(post(JWS_KEY, "application/json", body, null), "missing");
        assertRefused(post(JWS_KEY, "application/json", body, DetachedJws.sign(body, STRANGER.key(), "ES256")),
                "does not match");
        assertRefused(post(JWS_KEY, "application/json", tampered(body), jws), "does not match");
    }

    @Test
    void cmsSignedDataGoodIsAcceptedAndMissingWrongKeyOrTamperedIsRefusedWithNothingStored() throws Exception {
        byte[] content = SampleReferrals.police("9990000468", "Leopold", "Ashcombe").getBytes(StandardCharsets.UTF_8);
        byte[] signed = CmsSignatures.sign(content, new SigningKey(CMS_SIGNER.key(), CMS_SIGNER.certificate()));

        assertAccepted(post(CMS_KEY, "application/pkcs7-mime", signed, null));
        assertRefused(post(CMS_KEY, "application/json", content, null), "missing");
        assertRefused(post(CMS_KEY, "application/pkcs7-mime",
                CmsSignatures.sign(content, new SigningKey(STRANGER.key(), STRANGER.certificate())), null), "another key");
        assertRefused(post(CMS_KEY, "application/pkcs7-mime", tamperedContent(signed, content), null), "does not match");
    }

    @Test
    void fhirSentAsCmsIsAcceptedWhenItVerifiesAndRefusedWithAnOperationOutcomeWhenNot() throws Exception {
        byte[] bundle = Files.readAllBytes(FHIR_FIXTURE);
        byte[] signed = CmsSignatures.sign(bundle, new SigningKey(FHIR_SIGNER.key(), FHIR_SIGNER.certificate()));

        String requestId = newRequestId();
        var accepted = send(HttpRequest.newBuilder(uri("/fhir/$process-message"))
                .header("Content-Type", "application/pkcs7-mime").header("X-API-Key", FHIR_KEY)
                .header("X-Request-ID", requestId).header("X-Correlation-ID", "corr-" + requestId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed)).build());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        String refusedId = newRequestId();
        var refused = send(HttpRequest.newBuilder(uri("/fhir/$process-message"))
                .header("Content-Type", "application/fhir+json").header("X-API-Key", FHIR_KEY)
                .header("X-Request-ID", refusedId).header("X-Correlation-ID", "corr-" + refusedId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(bundle)).build());
        assertThat(refused.statusCode()).isEqualTo(422);
        var outcome = JSON.readTree(refused.body());
        assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
        assertThat(refused.body()).contains("signature", "missing");
        assertThat(stored(refusedId)).isZero();
    }

    private void assertAccepted(HttpResponse<String> response) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        assertThat(JSON.readTree(response.body()).get("trackingId").asText()).isNotBlank();
    }

    private void assertRefused(HttpResponse<String> response, String reason) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
        var problem = JSON.readTree(response.body());
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("signature");
        assertThat(problem.get("errors").get(0).toString()).contains(reason);
        String requestId = response.request().headers().firstValue("X-Request-ID").orElseThrow();
        assertThat(stored(requestId)).as("intake rows for a refused request").isZero();
    }

    private HttpResponse<String> post(String apiKey, String contentType, byte[] body, String jws) {
        var request = HttpRequest.newBuilder(uri("/api/v1/referrals")).header("Content-Type", contentType)
                .header("X-API-Key", apiKey).header("X-Request-ID", newRequestId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (jws != null) {
            request.header("X-JWS-Signature", jws);
        }
        return send(request.build());
    }

    private int stored(String requestId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM intake_request WHERE request_id = ?", Integer.class,
                requestId);
        return n == null ? 0 : n;
    }

    private static byte[] tampered(byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        return text.replace("Ollerenshaw", "Ollerenshav").getBytes(StandardCharsets.UTF_8);
    }

    /** The SignedData with one byte of its content flipped. */
    private static byte[] tamperedContent(byte[] signed, byte[] content) {
        byte[] copy = signed.clone();
        // SignedData carries its content in 1000-byte chunks (BER): flip a byte inside the first one.
        String asText = new String(signed, StandardCharsets.ISO_8859_1);
        int at = asText.indexOf(new String(content, 0, 64, StandardCharsets.ISO_8859_1)) + 10;
        assertThat(at).isGreaterThan(10);
        copy[at] ^= 0x01;
        return copy;
    }

    private static Path certificate(TestPki.Issued issued) throws Exception {
        return Files.write(CONFIG_DIR.resolve(issued.certificate().getSubjectX500Principal().getName()
                .replace("CN=", "") + ".crt"), issued.certificate().getEncoded());
    }

    private static String source(String id, String kind, String apiKey, String type, String mapper, String signature,
                                 Path certificate) {
        return """
                id: %s
                name: Testshire %s (signed)
                kind: %s
                api-key-sha256: %s
                sources:
                  - type: %s
                    mapper: %s
                    options: { signature: %s, signer-certificate: "%s" }
                """.formatted(id, id, kind, ApiKeys.sha256Hex(apiKey), type, mapper, signature, certificate);
    }
}
