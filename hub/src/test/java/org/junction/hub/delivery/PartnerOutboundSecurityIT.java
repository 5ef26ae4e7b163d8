package org.junction.hub.delivery;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.ssl.SslBundles;

/**
 * The hub authenticating to partners' APIs: access tokens obtained with an NHS-style signed-JWT
 * client assertion (WireMock as token endpoint and as the partners' APIs, REST and FHIR), and
 * mutual TLS with a client keystore per partner (WireMock over HTTPS requiring a client certificate).
 */
class PartnerOutboundSecurityIT extends HubIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PARTNERS = List.of("council-nhs", "gp-nhs", "council-flaky-idp",
            "council-refused", "council-mtls", "council-no-cert", "gp-mtls");
    private static final Path FILES = DATA_DIR.resolve("outbound-test");
    private static final KeyPair ASSERTION_KEYS = rsaKeys();
    private static final Path ASSERTION_KEY = writeAssertionKey();
    private static final WireMockServer TOKENS = http();
    private static final WireMockServer API = http();
    private static final TestPki PKI = new TestPki("Junction Test Outbound CA");
    private static final Path STORE_PASSWORD = write("store.password", TestPki.STORE_PASSWORD + "\n");
    private static final WireMockServer MTLS_API = mutualTls();

    @Autowired
    SslBundles bundles;

    @AfterEach
    void restoreTheSharedConfiguration() throws IOException {
        PARTNERS.forEach(HubIntegrationTest::deletePartnerFile);
        removeAgreementsAndReload();
        TOKENS.resetAll();
        API.resetAll();
        MTLS_API.resetAll();
    }

    @AfterAll
    static void stopServers() {
        TOKENS.stop();
        API.stop();
        MTLS_API.stop();
    }

    @Test
    void accessTokenFromASignedAssertionIsFetchedOnceAndSentWithEveryDelivery() throws Exception {
        String tokenEndpoint = TOKENS.baseUrl() + "/oauth2/token";
        TOKENS.stubFor(post(urlEqualTo("/oauth2/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"test-access-token-1\",\"expires_in\":\"599\",\"token_type\":\"Bearer\"}")));
        API.stubFor(post(urlEqualTo("/nhs/referrals")).willReturn(aResponse().withStatus(201)));
        API.stubFor(post(urlEqualTo("/fhir/Bundle")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/fhir+json")
                .withHeader("Location", API.baseUrl() + "/fhir/Bundle/b-1/_history/1")
                .withBody("{\"resourceType\":\"Bundle\",\"id\":\"b-1\",\"type\":\"message\"}")));
        writePartner("council-nhs", """
                id: council-nhs
                name: Testshire NHS Council Service
                kind: COUNCIL
                sink:
                  type: rest-json
                  endpoint: "%s/nhs/referrals"
                  mapper: council-referral-json-v1
                  options: { token-endpoint: "%s", client-id: test-client-council, assertion-key: "file:%s", key-id: test-kid-1 }
                """.formatted(API.baseUrl(), tokenEndpoint, ASSERTION_KEY));
        writePartner("gp-nhs", """
                id: gp-nhs
                name: Testshire NHS Practice
                kind: HEALTH
                sink:
                  type: fhir-r4
                  endpoint: "%s/fhir"
                  mapper: fhir-bars-r4-v1
                  options: { token-endpoint: "%s", client-id: test-client-gp, assertion-key: "file:%s", key-id: test-kid-1 }
                """.formatted(API.baseUrl(), tokenEndpoint, ASSERTION_KEY));
        rules("council-nhs", "gp-nhs");

        List<UUID> sent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            sent.add(submit(1200 + i * 7));
        }

        for (UUID id : sent) {
            await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(state(id, "council-nhs"))
                    && "DELIVERED".equals(state(id, "gp-nhs")));
        }
        assertThat(API.findAll(postRequestedFor(urlEqualTo("/nhs/referrals")))).hasSize(3)
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer test-access-token-1"));
        assertThat(API.findAll(postRequestedFor(urlEqualTo("/fhir/Bundle")))).hasSize(3)
                .allSatisfy(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer test-access-token-1"));
        List<LoggedRequest> tokenRequests = TOKENS.findAll(postRequestedFor(urlEqualTo("/oauth2/token")));
        // One token per partner, for all three deliveries.
        assertThat(tokenRequests).hasSize(2);
        List<String> clients = new ArrayList<>();
        for (LoggedRequest request : tokenRequests) {
            Map<String, String> form = form(request.getBodyAsString());
            assertThat(form).containsEntry("grant_type", "client_credentials")
                    .containsEntry("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            SignedJWT assertion = SignedJWT.parse(form.get("client_assertion"));
            assertThat(assertion.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS512);
            assertThat(assertion.getHeader().getKeyID()).isEqualTo("test-kid-1");
            assertThat(assertion.verify(new RSASSAVerifier((RSAPublicKey) ASSERTION_KEYS.getPublic()))).isTrue();
            var claims = assertion.getJWTClaimsSet();
            assertThat(claims.getAudience()).containsExactly(tokenEndpoint);
            assertThat(claims.getIssuer()).isEqualTo(claims.getSubject());
            assertThat(claims.getJWTID()).isNotBlank();
            long lifetime = claims.getExpirationTime().toInstant().getEpochSecond()
                    - claims.getIssueTime().toInstant().getEpochSecond();
            assertThat(lifetime).isPositive().isLessThanOrEqualTo(300);
            clients.add(claims.getIssuer());
        }
        assertThat(clients).containsExactlyInAnyOrder("test-client-council", "test-client-gp");
    }

    @Test
    void tokenEndpointDownIsRetriedAndATokenEndpointRefusalIsDeadLetteredUnsent() throws Exception {
        TOKENS.stubFor(post(urlEqualTo("/flaky/token")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503)).willSetStateTo("recovered"));
        TOKENS.stubFor(post(urlEqualTo("/flaky/token")).inScenario("flaky").whenScenarioStateIs("recovered")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"access_token\":\"test-access-token-2\",\"expires_in\":300}")));
        TOKENS.stubFor(post(urlEqualTo("/refused/token")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"invalid_client\"}")));
        API.stubFor(post(urlEqualTo("/flaky/referrals")).willReturn(aResponse().withStatus(201)));
        API.stubFor(post(urlEqualTo("/refused/referrals")).willReturn(aResponse().withStatus(201)));
        for (String which : List.of("flaky", "refused")) {
            writePartner("council-" + (which.equals("flaky") ? "flaky-idp" : which), """
                    id: council-%s
                    name: Testshire Token Council
                    kind: COUNCIL
                    sink:
                      type: rest-json
                      endpoint: "%s/%s/referrals"
                      mapper: council-referral-json-v1
                      options: { token-endpoint: "%s/%s/token", client-id: test-client-%s, assertion-key: "file:%s", key-id: k2 }
                    delivery: { initial-delay: 20ms, maximum-delay: 200ms }
                    """.formatted(which.equals("flaky") ? "flaky-idp" : which, API.baseUrl(), which, TOKENS.baseUrl(),
                    which, which, ASSERTION_KEY));
        }
        rules("council-flaky-idp", "council-refused");

        UUID id = submit(1300);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(state(id, "council-flaky-idp")));
        assertThat(TOKENS.findAll(postRequestedFor(urlEqualTo("/flaky/token")))).hasSize(2);
        assertThat(API.findAll(postRequestedFor(urlEqualTo("/flaky/referrals"))))
                .singleElement().satisfies(r -> assertThat(r.getHeader("Authorization")).isEqualTo("Bearer test-access-token-2"));

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(state(id, "council-refused")));
        assertThat(failureReason(id, "council-refused")).isEqualTo("TOKEN_ENDPOINT_HTTP_400");
        // Refused for good: one token request, and nothing sent to the partner without a token.
        assertThat(TOKENS.findAll(postRequestedFor(urlEqualTo("/refused/token")))).hasSize(1);
        assertThat(API.findAll(postRequestedFor(urlEqualTo("/refused/referrals")))).isEmpty();
    }

    @Test
    void mutualTlsPresentsTheHubsClientCertificateAndWithoutOneDeliveryFailsAfterItsRetries() throws Exception {
        MTLS_API.stubFor(post(urlEqualTo("/referrals")).willReturn(aResponse().withStatus(201)));
        MTLS_API.stubFor(post(urlEqualTo("/fhir/Bundle")).willReturn(aResponse().withStatus(201)
                .withHeader("Content-Type", "application/fhir+json")
                .withHeader("Location", "https://localhost:" + MTLS_API.httpsPort() + "/fhir/Bundle/m-1/_history/1")
                .withBody("{\"resourceType\":\"Bundle\",\"id\":\"m-1\",\"type\":\"message\"}")));
        Path keystore = TestPki.keyStore(PKI.client("junction-hub"), FILES.resolve("to-council-mtls.p12"));
        Path ca = write("partner-ca.pem", pem(PKI.certificate().getEncoded()));
        writePartner("council-mtls", """
                id: council-mtls
                name: Testshire Mutual Council
                kind: COUNCIL
                sink:
                  type: rest-json
                  endpoint: "https://localhost:%d/referrals"
                  mapper: council-referral-json-v1
                  options: { client-keystore: "%s", client-keystore-password: "file:%s", trust-store: "%s" }
                """.formatted(MTLS_API.httpsPort(), keystore, STORE_PASSWORD, ca));
        writePartner("council-no-cert", """
                id: council-no-cert
                name: Testshire Certless Council
                kind: COUNCIL
                sink:
                  type: rest-json
                  endpoint: "https://localhost:%d/referrals"
                  mapper: council-referral-json-v1
                  options: { trust-store: "%s" }
                delivery: { maximum-redeliveries: 2, initial-delay: 20ms, maximum-delay: 100ms }
                """.formatted(MTLS_API.httpsPort(), ca));
        writePartner("gp-mtls", """
                id: gp-mtls
                name: Testshire Mutual Practice
                kind: HEALTH
                sink:
                  type: fhir-r4
                  endpoint: "https://localhost:%d/fhir"
                  mapper: fhir-bars-r4-v1
                  options: { client-keystore: "%s", client-keystore-password: "file:%s", trust-store: "%s" }
                """.formatted(MTLS_API.httpsPort(), keystore, STORE_PASSWORD, ca));
        rules("council-mtls", "council-no-cert", "gp-mtls");

        UUID id = submit(1400);

        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(state(id, "council-mtls")));
        assertThat(MTLS_API.findAll(postRequestedFor(urlEqualTo("/referrals")))).hasSize(1);
        assertThat(bundles.getBundle("partner-council-mtls").getStores().getKeyStore()).isNotNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(state(id, "gp-mtls")));
        assertThat(MTLS_API.findAll(postRequestedFor(urlEqualTo("/fhir/Bundle")))).hasSize(1);

        await().atMost(Duration.ofSeconds(30)).until(() -> "FAILED".equals(state(id, "council-no-cert")));
        assertThat(failureReason(id, "council-no-cert")).isNotNull().doesNotStartWith("HTTP_");
        assertThat(jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERY_FAILED'""",
                Integer.class, id)).isEqualTo(1);
        // The partner's server never saw a request without the hub's certificate.
        assertThat(MTLS_API.findAll(postRequestedFor(urlEqualTo("/referrals")))).hasSize(1);
    }

    private void rules(String... recipients) {
        shareAlso(java.util.Arrays.stream(recipients).map(r -> new TestFlow("police-test", r, "CAREMGT"))
                .toArray(TestFlow[]::new));
    }

    private UUID submit(int seed) throws Exception {
        var response = postReferral(POLICE_KEY, newRequestId(), SampleReferrals.police(
                OrderingAndPriorityIT.nhsNumber(seed), "Outbound", "Tester", "GIVEN").replace("PATSFTY", "CAREMGT"));
        assertThat(response.statusCode()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).get("trackingId").asText());
    }

    private String state(UUID trackingId, String partner) {
        try {
            return JSON.readTree(get(POLICE_KEY, "/api/v1/referrals/" + trackingId).body()).get("recipients")
                    .path(partner).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String failureReason(UUID trackingId, String partner) {
        return jdbc.queryForList("""
                SELECT reason_code FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'DELIVERY_FAILED' AND recipient_partner_id = ?""",
                String.class, trackingId, partner).stream().findFirst().orElse(null);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }

    private static WireMockServer http() {
        var server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        return server;
    }

    /** The partner's API over HTTPS, refusing any client without a certificate from the test CA. */
    private static WireMockServer mutualTls() {
        Path serverStore = TestPki.keyStore(PKI.server(), FILES.resolve("partner-server.p12"));
        Path trust = PKI.trustStore(FILES.resolve("partner-trusts.p12"));
        var server = new WireMockServer(WireMockConfiguration.options().httpDisabled(true).dynamicHttpsPort()
                .bindAddress("127.0.0.1")
                .keystorePath(serverStore.toString()).keystoreType("PKCS12")
                .keystorePassword(TestPki.STORE_PASSWORD).keyManagerPassword(TestPki.STORE_PASSWORD)
                .needClientAuth(true)
                .trustStorePath(trust.toString()).trustStoreType("PKCS12").trustStorePassword(TestPki.STORE_PASSWORD));
        server.start();
        return server;
    }

    private static KeyPair rsaKeys() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path writeAssertionKey() {
        return write("assertion-key.pem", "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(ASSERTION_KEYS.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    private static String pem(byte[] der) {
        return "-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END CERTIFICATE-----\n";
    }

    private static Path write(String name, String content) {
        try {
            Files.createDirectories(FILES);
            return Files.writeString(FILES.resolve(name), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
