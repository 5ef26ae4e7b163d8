package org.junction.adapters.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.interfaces.RSAPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Access tokens for one partner's API, obtained with a signed JWT client assertion as NHS England's
 * APIs require (OAuth 2.0 client credentials, RFC 7523): the hub signs an assertion with its private
 * key (RS512, the registered key id in the header), swaps it at the token endpoint for an access
 * token, and reuses that token until shortly before it expires, so several deliveries cost one
 * token request.
 */
public class ClientAssertionTokens implements Supplier<String> {

    public static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    /** NHS token endpoints refuse an assertion that lives longer than five minutes. */
    static final Duration ASSERTION_LIFETIME = Duration.ofMinutes(5);
    /** A token is renewed this long before it expires, so none expires in flight. */
    static final Duration RENEW_BEFORE = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String partnerId;
    private final URI tokenEndpoint;
    private final String clientId;
    private final String keyId;
    private final RSAPrivateKey key;
    private final HttpClient http;
    private final Duration timeout;
    private final Clock clock;
    private String token;
    private Instant renewAt = Instant.MIN;

    public ClientAssertionTokens(String partnerId, URI tokenEndpoint, String clientId, String keyId, RSAPrivateKey key,
                                 HttpClient http, Duration timeout, Clock clock) {
        this.partnerId = partnerId;
        this.tokenEndpoint = tokenEndpoint;
        this.clientId = clientId;
        this.keyId = keyId;
        this.key = key;
        this.http = http;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * The current access token, fetched when there is none or it is about to expire. Deliveries to
     * one partner wait for each other here rather than each asking for a token of its own.
     *
     * @throws TokenEndpointException when the endpoint gives none
     */
    @Override
    public synchronized String get() {
        Instant now = clock.instant();
        if (token != null && now.isBefore(renewAt)) {
            return token;
        }
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(tokenEndpoint).timeout(timeout)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(form(assertion(now)))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new TokenEndpointException(partnerId, 0, true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TokenEndpointException(partnerId, 0, true, e);
        }
        int status = response.statusCode();
        if (status != 200) {
            // 408 and 429 pass; any other 4xx is the endpoint refusing this client or its key.
            boolean retryable = status >= 500 || status == 408 || status == 429;
            token = null;
            throw new TokenEndpointException(partnerId, status, retryable, null);
        }
        try {
            JsonNode answer = JSON.readTree(response.body());
            String accessToken = answer.path("access_token").asText(null);
            // NHS England's endpoint gives expires_in as a string ("599"), the RFC as a number.
            long expiresIn = Long.parseLong(answer.path("expires_in").asText("0").strip());
            if (accessToken == null || accessToken.isBlank() || expiresIn <= 0) {
                throw new IllegalArgumentException("no access_token or expires_in");
            }
            token = accessToken;
            Duration lifetime = Duration.ofSeconds(expiresIn);
            Duration margin = lifetime.compareTo(RENEW_BEFORE.multipliedBy(2)) > 0 ? RENEW_BEFORE : lifetime.dividedBy(2);
            renewAt = now.plus(lifetime).minus(margin);
            return token;
        } catch (IOException | IllegalArgumentException unreadable) {
            // A 200 without a usable token is the endpoint misbehaving: worth another attempt later.
            throw new TokenEndpointException(partnerId, status, true, null);
        }
    }

    /** The client assertion: RS512, kid, iss = sub = client id, aud = the token endpoint exactly, jti, iat, exp. */
    String assertion(Instant now) {
        var claims = new JWTClaimsSet.Builder()
                .issuer(clientId)
                .subject(clientId)
                .audience(tokenEndpoint.toString())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(ASSERTION_LIFETIME)))
                .build();
        var jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS512).keyID(keyId).type(JOSEObjectType.JWT).build(),
                claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("partner " + partnerId + ": cannot sign the client assertion", e);
        }
        return jwt.serialize();
    }

    private static String form(String assertion) {
        return "grant_type=client_credentials"
                + "&client_assertion_type=" + URLEncoder.encode(ASSERTION_TYPE, StandardCharsets.UTF_8)
                + "&client_assertion=" + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    }
}
