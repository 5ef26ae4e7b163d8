package org.junction.hub.crypto;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junction.hub.HubProperties;
import org.junction.hub.keys.KeyProperties;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.HubSigningCertificate;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.SftpTestServer;
import org.junction.hub.support.TestPki;
import org.junction.security.crypto.CmsEnvelopes;
import org.junction.security.crypto.CmsSignatures;
import org.junction.security.crypto.CryptoException;
import org.junction.security.crypto.SignatureException;
import org.junction.security.crypto.WebhookSignatures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Partners that asked for signed and encrypted deliveries, seen from their side: a volunteer
 * platform's webhook and a council's SFTP inbox each get CMS they open with their own key, whose
 * signature verifies with the hub certificate exported for them, holding the minimised rendering;
 * a council API that asked for encryption only gets an envelope only it opens.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PartnerEndToEndIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String WEBHOOK_PARTNER = "volunteer-sealed";
    private static final String SFTP_PARTNER = "council-sftp-sealed";
    private static final String REST_PARTNER = "council-rest-sealed";
    private static final String SFTP_PASSWORD = "test-council-sealed-sftp-password";
    private static final TestPki PARTNER_CA = new TestPki("Testshire Partners CA");
    private static final TestPki.Issued VOLUNTEER_KEY = PARTNER_CA.encryption(WEBHOOK_PARTNER);
    private static final TestPki.Issued COUNCIL_KEY_PAIR = PARTNER_CA.encryption(SFTP_PARTNER);
    private static final TestPki.Issued REST_KEY_PAIR = PARTNER_CA.encryption(REST_PARTNER);

    private final SftpTestServer council = SftpTestServer.start("junction", SFTP_PASSWORD);
    private X509Certificate hubCertificate;

    @Autowired
    KeyProperties keys;
    @Autowired
    HubProperties hub;

    @BeforeAll
    void sealedPartners() throws Exception {
        hubCertificate = HubSigningCertificate.export(keys, hub, CONFIG_DIR.resolve("hub-signing.pem"));
        Path volunteerCertificate = Files.write(CONFIG_DIR.resolve(WEBHOOK_PARTNER + ".crt"),
                VOLUNTEER_KEY.certificate().getEncoded());
        Path councilCertificate = Files.write(CONFIG_DIR.resolve(SFTP_PARTNER + ".crt"),
                COUNCIL_KEY_PAIR.certificate().getEncoded());
        Path restCertificate = Files.write(CONFIG_DIR.resolve(REST_PARTNER + ".crt"),
                REST_KEY_PAIR.certificate().getEncoded());
        writePartner(REST_PARTNER, """
                id: %s
                name: Testshire Borough Council (encrypted API)
                kind: COUNCIL
                sink:
                  type: rest-json
                  endpoint: "%s/sealed/council"
                  mapper: council-referral-json-v1
                  options: { recipient-certificate: "%s" }
                """.formatted(REST_PARTNER, VOLUNTEER.baseUrl(), restCertificate));
        Path password = Files.writeString(CONFIG_DIR.resolve(SFTP_PARTNER + ".password"), SFTP_PASSWORD + "\n");
        council.directory("inbox");
        Path knownHosts = council.writeKnownHosts(CONFIG_DIR.resolve(SFTP_PARTNER + ".known_hosts"));
        writePartner(WEBHOOK_PARTNER, """
                id: %s
                name: Testshire Befrienders (sealed)
                kind: VOLUNTEER
                sink:
                  type: webhook
                  endpoint: "%s/sealed/referrals"
                  mapper: volunteer-stepdown-json-v1
                  credentials: "file:%s"
                  options: { recipient-certificate: "%s", sign: true }
                """.formatted(WEBHOOK_PARTNER, VOLUNTEER.baseUrl(), CONFIG_DIR.resolve("volunteer-webhook.secret"),
                volunteerCertificate));
        writePartner(SFTP_PARTNER, """
                id: %s
                name: Testshire District Council (sealed SFTP)
                kind: COUNCIL
                sink:
                  type: sftp-csv
                  endpoint: "%s"
                  mapper: council-referral-csv-v1
                  credentials: "file:%s"
                  options: { username: junction, known-hosts: "%s", recipient-certificate: "%s", sign: "true" }
                """.formatted(SFTP_PARTNER, council.endpoint("inbox"), password, knownHosts, councilCertificate));
        shareAlso(new TestFlow("police-test", WEBHOOK_PARTNER, "SUPNWK"),
                new TestFlow("police-test", SFTP_PARTNER, "CAREMGT"), new TestFlow("police-test", REST_PARTNER, "COC"));
    }

    @AfterAll
    void removeSealedPartners() throws Exception {
        deletePartnerFile(WEBHOOK_PARTNER);
        deletePartnerFile(SFTP_PARTNER);
        deletePartnerFile(REST_PARTNER);
        removeAgreementsAndReload();
        council.close();
    }

    @Test
    void theWebhookPartnerOpensVerifiesAndReadsItsReferralAndTheHmacCoversTheCmsSent() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/sealed/referrals")).willReturn(aResponse().withStatus(201)));
        VOLUNTEER.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)));
        UUID trackingId = refer(SampleReferrals.police("9990000425", "Perpetua", "Wrenfield", "GIVEN")
                .replace("PATSFTY", "SUPNWK"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !received(trackingId).isEmpty());
        LoggedRequest request = received(trackingId).get(0);
        byte[] sent = request.getBody();

        assertThat(request.getHeader("Content-Type")).startsWith("application/pkcs7-mime");
        assertThat(request.getHeader("X-Junction-Signature")).isEqualTo(WebhookSignatures.sign(
                VOLUNTEER_SECRET.getBytes(StandardCharsets.UTF_8), request.getHeader("X-Junction-Timestamp"), sent));
        assertThat(new String(sent, StandardCharsets.ISO_8859_1)).doesNotContain("Wrenfield", trackingId.toString());
        byte[] signed = CmsEnvelopes.decrypt(sent, VOLUNTEER_KEY.key());
        JsonNode referral = JSON.readTree(CmsSignatures.verify(signed, hubCertificate));
        assertThat(referral.get("referralId").asText()).isEqualTo(trackingId.toString());
        assertThat(referral.get("person").get("familyName").asText()).isEqualTo("Wrenfield");
        assertThat(referral.toString()).doesNotContain("9990000425");
        assertTamperingIsCaught(sent, signed, VOLUNTEER_KEY);
    }

    @Test
    void theRestJsonPartnerGetsItsReferralEncryptedOnlyForItself() throws Exception {
        VOLUNTEER.stubFor(post(urlEqualTo("/sealed/council")).willReturn(aResponse().withStatus(201)));
        UUID trackingId = refer(SampleReferrals.police("9990000484", "Aurelian", "Stowcombe", "GIVEN")
                .replace("PATSFTY", "COC"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !received(trackingId, "/sealed/council").isEmpty());
        LoggedRequest request = received(trackingId, "/sealed/council").get(0);
        byte[] sent = request.getBody();

        assertThat(request.getHeader("Content-Type")).isEqualTo(CmsEnvelopes.MEDIA_TYPE);
        assertThat(new String(sent, StandardCharsets.ISO_8859_1)).doesNotContain("9990000484", "Stowcombe");
        String opened = new String(CmsEnvelopes.decrypt(sent, REST_KEY_PAIR.key()), StandardCharsets.UTF_8);
        assertThat(opened).contains(trackingId.toString(), "Stowcombe");
        assertThatThrownBy(() -> CmsEnvelopes.decrypt(sent, VOLUNTEER_KEY.key())).isInstanceOf(CryptoException.class);
    }

    @Test
    void theSftpPartnerGetsAP7mFileItOpensAndVerifies() throws Exception {
        UUID trackingId = refer(SampleReferrals.police("9990000433", "Isadora", "Quenby", "GIVEN")
                .replace("PATSFTY", "CAREMGT"));

        await().atMost(Duration.ofSeconds(30)).until(() -> council.files("inbox").stream()
                .anyMatch(name -> name.endsWith(".csv.p7m")));
        List<String> files = council.files("inbox");
        assertThat(files).hasSize(1).allMatch(name -> name.endsWith(".csv.p7m"));
        byte[] sent = Files.readAllBytes(council.root().resolve("inbox").resolve(files.get(0)));

        assertThat(new String(sent, StandardCharsets.ISO_8859_1)).doesNotContain("9990000433", "Quenby");
        byte[] signed = CmsEnvelopes.decrypt(sent, COUNCIL_KEY_PAIR.key());
        String csv = new String(CmsSignatures.verify(signed, hubCertificate), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("hub_tracking_id,").contains(trackingId.toString(), "9990000433", "Quenby");
        assertTamperingIsCaught(sent, signed, COUNCIL_KEY_PAIR);
    }

    @Test
    void aRecipientCertificateThatCannotEncryptFailsTheReloadNamingTheOption() throws Exception {
        Path signingOnly = Files.write(CONFIG_DIR.resolve("signing-only.crt"),
                PARTNER_CA.client("signing-only").certificate().getEncoded());
        writePartner("volunteer-bad-cert", """
                id: volunteer-bad-cert
                name: Testshire Befrienders (wrong certificate)
                kind: VOLUNTEER
                sink:
                  type: webhook
                  endpoint: "%s/other"
                  mapper: volunteer-stepdown-json-v1
                  credentials: "file:%s"
                  options: { recipient-certificate: "%s", sign: maybe }
                """.formatted(VOLUNTEER.baseUrl(), CONFIG_DIR.resolve("volunteer-webhook.secret"), signingOnly));
        try {
            var response = reloadConfig(false);

            assertThat(response.statusCode()).isEqualTo(422);
            assertThat(JSON.readTree(response.body()).get("problems").findValuesAsText("key"))
                    .contains("sink.options.recipient-certificate", "sink.options.sign");
            assertThat(response.body()).contains("keyAgreement");
        } finally {
            deletePartnerFile("volunteer-bad-cert");
        }
    }

    /** One flipped byte in the envelope or in the signed content, and the partner's checks fail. */
    private void assertTamperingIsCaught(byte[] envelope, byte[] signed, TestPki.Issued partner) {
        byte[] badEnvelope = envelope.clone();
        badEnvelope[badEnvelope.length - 40] ^= 0x01;
        assertThatThrownBy(() -> CmsEnvelopes.decrypt(badEnvelope, partner.key())).isInstanceOf(CryptoException.class);
        // SignedData carries its content in 1000-byte chunks (BER): flip a byte inside the first one.
        byte[] content = java.util.Arrays.copyOf(CmsSignatures.verify(signed, hubCertificate), 64);
        int at = indexOf(signed, content) + 10;
        byte[] badSigned = signed.clone();
        badSigned[at] ^= 0x01;
        assertThatThrownBy(() -> CmsSignatures.verify(badSigned, hubCertificate)).isInstanceOf(SignatureException.class);
        assertThatThrownBy(() -> CmsEnvelopes.decrypt(envelope, PARTNER_CA.encryption("someone-else").key()))
                .isInstanceOf(CryptoException.class);
    }

    private UUID refer(String body) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private List<LoggedRequest> received(UUID trackingId) {
        return received(trackingId, "/sealed/referrals");
    }

    private List<LoggedRequest> received(UUID trackingId, String path) {
        String requestId = jdbc.queryForObject("SELECT request_id FROM intake_request WHERE tracking_id = ?",
                String.class, trackingId);
        return VOLUNTEER.findAll(postRequestedFor(urlEqualTo(path))
                .withHeader("X-Correlation-ID", containing(requestId)));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("signed content not found in the SignedData");
    }
}
