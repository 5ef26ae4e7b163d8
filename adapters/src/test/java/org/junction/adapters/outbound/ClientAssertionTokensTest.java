package org.junction.adapters.outbound;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClientAssertionTokensTest {

    private static WireMockServer endpoint;
    private static KeyPair keys;
    private Instant now = Instant.parse("2026-11-23T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeAll
    static void start() throws Exception {
        endpoint = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        endpoint.start();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
    }

    @AfterAll
    static void stop() {
        endpoint.stop();
    }

    @BeforeEach
    void reset() {
        endpoint.resetAll();
    }

    @Test
    void tokenIsReusedUntilShortlyBeforeItExpiresThenFetchedAgain() throws Exception {
        endpoint.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"access_token\":\"tok\",\"expires_in\":\"120\",\"token_type\":\"Bearer\"}")));
        var tokens = tokens();

        assertThat(tokens.get()).isEqualTo("tok");
        now = now.plusSeconds(60);
        assertThat(tokens.get()).isEqualTo("tok");
        assertThat(endpoint.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(1);
        // 120 s lifetime, renewed 30 s before its end.
        now = now.plusSeconds(31);
        assertThat(tokens.get()).isEqualTo("tok");
        assertThat(endpoint.findAll(postRequestedFor(urlEqualTo("/token")))).hasSize(2);

        String body = endpoint.findAll(postRequestedFor(urlEqualTo("/token"))).get(1).getBodyAsString();
        String assertion = URLDecoder.decode(body.replaceAll(".*client_assertion=([^&]+).*", "$1"), StandardCharsets.UTF_8);
        SignedJWT jwt = SignedJWT.parse(assertion);
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS512);
        assertThat(jwt.verify(new RSASSAVerifier((RSAPublicKey) keys.getPublic()))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getIssueTime().toInstant()).isEqualTo(now);
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(now.plus(Duration.ofMinutes(5)));
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly(endpoint.baseUrl() + "/token");
    }

    @Test
    void endpointDownIsRetryableAndARefusedClientIsNot() {
        endpoint.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(503)));
        var down = catchThrowableOfType(TokenEndpointException.class, () -> tokens().get());
        assertThat(down.retryable()).isTrue();
        assertThat(down.reasonCode()).isEqualTo("TOKEN_ENDPOINT_HTTP_503");

        endpoint.stubFor(post(urlEqualTo("/token")).willReturn(aResponse().withStatus(401)
                .withBody("{\"error\":\"invalid_client\"}")));
        var refused = catchThrowableOfType(TokenEndpointException.class, () -> tokens().get());
        assertThat(refused.retryable()).isFalse();
        assertThat(refused.getMessage()).doesNotContain("invalid_client");

        var unreachable = catchThrowableOfType(TokenEndpointException.class, () -> new ClientAssertionTokens("p",
                URI.create("http://127.0.0.1:1/token"), "client", "kid", (RSAPrivateKey) keys.getPrivate(),
                HttpClient.newHttpClient(), Duration.ofSeconds(2), clock).get());
        assertThat(unreachable.retryable()).isTrue();
        assertThat(unreachable.reasonCode()).isEqualTo("TOKEN_ENDPOINT_UNREACHABLE");
    }

    private ClientAssertionTokens tokens() {
        return new ClientAssertionTokens("partner-x", URI.create(endpoint.baseUrl() + "/token"), "client-x", "kid-1",
                (RSAPrivateKey) keys.getPrivate(), HttpClient.newHttpClient(), Duration.ofSeconds(5), clock);
    }
}
