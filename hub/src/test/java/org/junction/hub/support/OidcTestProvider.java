package org.junction.hub.support;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * An OpenID Connect provider for tests: WireMock serves its discovery document, its JWKS and (per
 * test, see {@link #willIssue}) its token endpoint, with ID tokens signed here by nimbus-jose-jwt.
 */
public final class OidcTestProvider {

    public static final String CLIENT_ID = "junction-test";
    public static final String CLIENT_SECRET = "test-oidc-client-secret";

    private final WireMockServer server;
    private final RSAKey key;

    private OidcTestProvider(WireMockServer server, RSAKey key) {
        this.server = server;
        this.key = key;
    }

    /** Starts the provider and writes the client secret the hub reads to {@code secretFile}. */
    public static OidcTestProvider start(Path secretFile) {
        try {
            Files.createDirectories(secretFile.getParent());
            Files.writeString(secretFile, CLIENT_SECRET + "\n");
            var server = new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
            server.start();
            RSAKey key = newKey("idp-key-1");
            String issuer = server.baseUrl();
            server.stubFor(get(urlEqualTo("/.well-known/openid-configuration")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody("""
                            {"issuer": "%1$s", "authorization_endpoint": "%1$s/authorize",
                             "token_endpoint": "%1$s/token", "jwks_uri": "%1$s/jwks",
                             "response_types_supported": ["code"], "subject_types_supported": ["public"],
                             "id_token_signing_alg_values_supported": ["RS256"],
                             "token_endpoint_auth_methods_supported": ["client_secret_basic"]}
                            """.formatted(issuer))));
            server.stubFor(get(urlEqualTo("/jwks")).willReturn(aResponse().withHeader("Content-Type", "application/json")
                    .withBody(new JWKSet(key.toPublicJWK()).toString())));
            return new OidcTestProvider(server, key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static RSAKey newKey(String id) {
        try {
            return new RSAKeyGenerator(2048).keyID(id).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public String issuer() {
        return server.baseUrl();
    }

    public WireMockServer server() {
        return server;
    }

    /** The token endpoint answers the next code exchange with an ID token carrying these claims, signed by {@code signer}. */
    public void willIssue(String nonce, Map<String, Object> personClaims, RSAKey signer) {
        Instant now = Instant.now();
        var claims = new JWTClaimsSet.Builder().issuer(issuer()).audience(CLIENT_ID).subject("sub-" + nonce)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", nonce);
        personClaims.forEach(claims::claim);
        try {
            SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(signer.getKeyID()).build(),
                    claims.build());
            token.sign(new RSASSASigner(signer));
            server.stubFor(post(urlPathEqualTo("/token")).willReturn(aResponse()
                    .withHeader("Content-Type", "application/json").withBody("""
                            {"access_token": "at-%s", "token_type": "Bearer", "expires_in": 300,
                             "scope": "openid profile", "id_token": "%s"}
                            """.formatted(nonce, token.serialize()))));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public RSAKey key() {
        return key;
    }
}
