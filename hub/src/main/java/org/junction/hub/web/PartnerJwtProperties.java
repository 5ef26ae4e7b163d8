package org.junction.hub.web;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Bearer JWTs from a trusted issuer as partners' credential ({@code hub.security.jwt.*}), read at
 * start; off while neither {@code issuer-uri} nor {@code jwk-set-uri} is set.
 *
 * @param issuerUri    the issuer every token must name in {@code iss}; alone, its signing keys are
 *                     found through its OpenID discovery document
 * @param jwkSetUri    where the issuer publishes its signing keys (JWK set); spares the discovery
 * @param audience     the value a token's {@code aud} must contain: tokens minted for another API are refused
 * @param algorithms   the signature algorithms accepted; symmetric ones and {@code none} are never
 * @param clockSkew    tolerance on {@code exp} and {@code nbf} for clocks that disagree
 * @param subjectClaim the claim whose value a partner file lists under {@code token-subjects}; tokens
 *                     without it are identified by {@code sub}
 */
@Validated
@ConfigurationProperties("hub.security.jwt")
public record PartnerJwtProperties(
        URI issuerUri,
        URI jwkSetUri,
        String audience,
        @DefaultValue({"RS256", "RS512", "PS256", "ES256"}) @NotEmpty List<String> algorithms,
        @DefaultValue("60s") @NotNull Duration clockSkew,
        @DefaultValue("client_id") @NotBlank String subjectClaim) {

    /** Asymmetric algorithms only: with an HMAC key the issuer's verification key would be a shared secret. */
    public static final Set<String> ALLOWED_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512",
            "ES256", "ES384", "ES512");

    public boolean enabled() {
        return issuerUri != null || jwkSetUri != null;
    }

    /** Every reason these settings cannot serve, each naming the setting: checked at start. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!enabled()) {
            return problems;
        }
        if (audience == null || audience.isBlank()) {
            problems.add("hub.security.jwt.audience: required with bearer tokens, so that a token minted for "
                    + "another API is refused");
        }
        for (String algorithm : algorithms) {
            if (!ALLOWED_ALGORITHMS.contains(algorithm)) {
                problems.add("hub.security.jwt.algorithms: '" + algorithm + "' is not allowed (one of "
                        + ALLOWED_ALGORITHMS.stream().sorted().toList() + ")");
            }
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(Duration.ofMinutes(5)) > 0) {
            problems.add("hub.security.jwt.clock-skew: from 0s to 5m");
        }
        for (URI uri : new URI[] {issuerUri, jwkSetUri}) {
            if (uri != null && !"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                problems.add("hub.security.jwt: '" + uri + "' is not an http or https URL");
            }
        }
        return problems;
    }
}
