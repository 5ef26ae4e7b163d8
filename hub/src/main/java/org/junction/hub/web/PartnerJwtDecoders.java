package org.junction.hub.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/** Builds the decoder that checks partners' bearer JWTs: signature, issuer, audience and lifetime. */
final class PartnerJwtDecoders {

    /** The issuer's key and discovery endpoints answer quickly or a request waits for nothing. */
    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);

    private PartnerJwtDecoders() {
    }

    /** @throws IllegalStateException naming every setting that cannot serve */
    static JwtDecoder decoder(PartnerJwtProperties settings) {
        List<String> problems = settings.problems();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("bearer tokens cannot be checked: " + String.join("; ", problems));
        }
        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(FETCH_TIMEOUT);
        requests.setReadTimeout(FETCH_TIMEOUT);
        RestTemplate http = new RestTemplate(requests);
        // The key set is fetched at the first token, not at start: an issuer briefly down delays
        // token callers only, never the hub. Nimbus caches the keys and refetches on an unknown kid.
        NimbusJwtDecoder decoder = settings.jwkSetUri() != null
                ? NimbusJwtDecoder.withJwkSetUri(settings.jwkSetUri().toString()).restOperations(http)
                        .jwsAlgorithms(algorithms -> settings.algorithms().forEach(a -> algorithms.add(SignatureAlgorithm.from(a))))
                        .build()
                : NimbusJwtDecoder.withIssuerLocation(settings.issuerUri().toString()).restOperations(http)
                        .jwsAlgorithms(algorithms -> settings.algorithms().forEach(a -> algorithms.add(SignatureAlgorithm.from(a))))
                        .build();
        List<OAuth2TokenValidator<Jwt>> checks = new ArrayList<>();
        checks.add(new JwtTimestampValidator(settings.clockSkew()));
        // A token without an expiry would be good for ever.
        checks.add(new JwtClaimValidator<Object>(JwtClaimNames.EXP, Objects::nonNull));
        checks.add(new JwtClaimValidator<Collection<String>>(JwtClaimNames.AUD,
                audience -> audience != null && audience.contains(settings.audience())));
        if (settings.issuerUri() != null) {
            checks.add(new JwtIssuerValidator(settings.issuerUri().toString()));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(checks));
        return decoder;
    }
}
