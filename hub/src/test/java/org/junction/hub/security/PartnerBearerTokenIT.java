package org.junction.hub.security;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junction.hub.JunctionHub;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hub of its own as production runs it (HTTPS, client certificates asked for, API keys refused),
 * trusting bearer JWTs from one issuer whose key set WireMock serves. Partners A and B call with
 * tokens (A's named by {@code client_id}, B's by {@code sub} alone), partner C with a certificate.
 */
class PartnerBearerTokenIT {

    private static final String A = "police-token-a";
    private static final String B = "police-token-b";
    private static final String C = "police-token-c";
    private static final String ISSUER = "https://idp.test.example/realms/partners";
    private static final String AUDIENCE = "junction-hub-test";

    @TempDir
    static Path dir;

    private static WireMockServer idp;
    private static RSAKey signingKey;
    private static TestPki ca;
    private static TestPki.Issued certC;
    private static ConfigurableApplicationContext hub;
    private static int port;

    @BeforeAll
    static void start() throws Exception {
        signingKey = new RSAKeyGenerator(2048).keyID("idp-key-1").generate();
        idp = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        idp.start();
        idp.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                .withBody(new JWKSet(signingKey.toPublicJWK()).toString())));
        ca = new TestPki("Junction Test Token CA");
        certC = ca.client(C);
        Path keystore = TestPki.keyStore(ca.server(), dir.resolve("tls/hub.p12"));
        Path truststore = ca.trustStore(dir.resolve("tls/partner-cas.p12"));
        Path password = Files.writeString(dir.resolve("tls/store.password"), TestPki.STORE_PASSWORD + "\n");
        writeConfig(dir.resolve("config"));
        hub = new SpringApplicationBuilder(JunctionHub.class).run(
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dir,
                "--hub.config-dir=" + dir.resolve("config"),
                "--hub.config-watch=false",
                "--hub.tls.enabled=true",
                "--hub.tls.keystore=" + keystore,
                "--hub.tls.keystore-password=file:" + password,
                "--hub.tls.truststore=" + truststore,
                "--hub.tls.truststore-password=file:" + password,
                "--hub.tls.client-auth=WANT",
                "--hub.security.api-keys-allowed=false",
                "--hub.security.jwt.issuer-uri=" + ISSUER,
                "--hub.security.jwt.jwk-set-uri=http://127.0.0.1:" + idp.port() + "/jwks",
                "--hub.security.jwt.audience=" + AUDIENCE,
                "--hub.security.jwt.clock-skew=5s");
        port = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (idp != null) {
            idp.stop();
        }
    }

    @Test
    void tokenOfAListedClientIsAccepted() throws Exception {
        assertThat(post(token(c -> c.claim("client_id", "client-a").subject("service-account-a")), Map.of()).statusCode())
                .isEqualTo(202);
        // Without client_id the subject names the client.
        assertThat(post(token(c -> c.subject("client-b")), Map.of()).statusCode()).isEqualTo(202);
    }

    @Test
    void tokenOfANamingBIsForbidden() throws Exception {
        String tokenA = token(c -> c.claim("client_id", "client-a"));
        var response = post(tokenA, Map.of("X-Partner-ID", B));
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(post(tokenA, Map.of("X-Partner-ID", A)).statusCode()).isEqualTo(202);
    }

    @Test
    void tokenBesideAnotherPartnersCertificateIsForbidden() throws Exception {
        String tokenA = token(c -> c.claim("client_id", "client-a"));
        assertThat(post(client(ca.clientContext(certC)), tokenA, Map.of()).statusCode()).isEqualTo(403);
        // The certificate alone still serves beside tokens.
        assertThat(post(client(ca.clientContext(certC)), null, Map.of()).statusCode()).isEqualTo(202);
    }

    @Test
    void validTokenOfAClientNoPartnerListsIsUnauthenticated() throws Exception {
        assertUnauthenticated(token(c -> c.claim("client_id", "client-stranger")));
    }

    @Test
    void expiredTokenIsUnauthenticated() throws Exception {
        Instant issued = Instant.now().minus(Duration.ofHours(2));
        assertUnauthenticated(token(c -> c.claim("client_id", "client-a").issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofHours(1))))));
    }

    @Test
    void tokenWithoutExpiryIsUnauthenticated() throws Exception {
        assertUnauthenticated(token(c -> c.claim("client_id", "client-a").expirationTime(null)));
    }

    @Test
    void tokenOfAnotherIssuerIsUnauthenticated() throws Exception {
        assertUnauthenticated(token(c -> c.claim("client_id", "client-a").issuer("https://elsewhere.test.example/")));
    }

    @Test
    void tokenForAnotherAudienceIsUnauthenticated() throws Exception {
        assertUnauthenticated(token(c -> c.claim("client_id", "client-a").audience("some-other-api")));
    }

    @Test
    void tokenSignedByAnotherKeyUnderTheSameKeyIdIsUnauthenticated() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID(signingKey.getKeyID()).generate();
        assertUnauthenticated(sign(impostor, JWSAlgorithm.RS256, claims(c -> c.claim("client_id", "client-a"))));
    }

    @Test
    void unsignedTokenIsUnauthenticated() throws Exception {
        assertUnauthenticated(new PlainJWT(claims(c -> c.claim("client_id", "client-a"))).serialize());
    }

    @Test
    void tokenAlteredAfterSigningIsUnauthenticated() throws Exception {
        String[] parts = token(c -> c.claim("client_id", "client-a")).split("\\.");
        String otherPayload = token(c -> c.claim("client_id", "client-b")).split("\\.")[1];
        assertUnauthenticated(parts[0] + "." + otherPayload + "." + parts[2]);
    }

    private static void assertUnauthenticated(String token) throws Exception {
        var response = post(token, Map.of());
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(response.body()).doesNotContain(token).doesNotContain(token.split("\\.")[1]);
        var problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
        assertThat(problem.path("status").asInt()).isEqualTo(401);
        assertThat(problem.path("detail").asText()).contains("bearer token");
    }

    private static JWTClaimsSet claims(Consumer<JWTClaimsSet.Builder> adjust) {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("service-account")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString());
        adjust.accept(claims);
        return claims.build();
    }

    private static String token(Consumer<JWTClaimsSet.Builder> adjust) throws Exception {
        return sign(signingKey, JWSAlgorithm.RS256, claims(adjust));
    }

    private static String sign(RSAKey key, JWSAlgorithm algorithm, JWTClaimsSet claims) throws Exception {
        var jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static HttpClient client(javax.net.ssl.SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> post(String token, Map<String, String> headers) throws Exception {
        return post(client(ca.clientContext(null)), token, headers);
    }

    private static HttpResponse<String> post(HttpClient client, String token, Map<String, String> headers)
            throws Exception {
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (token != null) {
            all.put("Authorization", "Bearer " + token);
        }
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/referrals"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "jwt-" + UUID.randomUUID());
        all.forEach(request::header);
        return client.send(request.POST(HttpRequest.BodyPublishers.ofString(
                SampleReferrals.police("9990000174", "Rosalind", "Tarrowby"))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void writeConfig(Path config) throws IOException {
        Files.createDirectories(config.resolve("partners"));
        Files.writeString(config.resolve("partners/" + A + ".yaml"), """
                id: %s
                name: Tokenshire Police
                kind: POLICE
                token-subjects: [client-a]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(A));
        Files.writeString(config.resolve("partners/" + B + ".yaml"), """
                id: %s
                name: Subjectshire Police
                kind: POLICE
                token-subjects: [client-b]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(B));
        Files.writeString(config.resolve("partners/" + C + ".yaml"), """
                id: %s
                name: Certshire Police
                kind: POLICE
                client-certificates: [%s]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(C, certC.sha256()));
    }
}
