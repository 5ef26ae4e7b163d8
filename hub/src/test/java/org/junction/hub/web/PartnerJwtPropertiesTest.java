package org.junction.hub.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class PartnerJwtPropertiesTest {

    @Test
    void offUntilAnIssuerIsSetWithDefaultsThatAcceptOnlyAsymmetricAlgorithms() {
        PartnerJwtProperties unset = bind(Map.of());
        assertThat(unset.enabled()).isFalse();
        assertThat(unset.problems()).isEmpty();
        assertThat(unset.subjectClaim()).isEqualTo("client_id");
        assertThat(unset.clockSkew()).isEqualTo(Duration.ofSeconds(60));
        assertThat(PartnerJwtProperties.ALLOWED_ALGORITHMS).containsAll(unset.algorithms());

        PartnerJwtProperties set = bind(Map.of("hub.security.jwt.jwk-set-uri", "https://idp.example/jwks",
                "hub.security.jwt.audience", "junction-hub"));
        assertThat(set.enabled()).isTrue();
        assertThat(set.problems()).isEmpty();
    }

    @Test
    void missingAudienceSymmetricOrNoAlgorithmAndWideSkewAreEachNamed() {
        PartnerJwtProperties settings = new PartnerJwtProperties(URI.create("https://idp.example/"), null, null,
                List.of("RS256", "HS256", "none"), Duration.ofMinutes(10), "client_id");
        assertThat(settings.problems()).hasSize(4).anySatisfy(p -> assertThat(p).startsWith("hub.security.jwt.audience"))
                .anySatisfy(p -> assertThat(p).contains("'HS256'")).anySatisfy(p -> assertThat(p).contains("'none'"))
                .anySatisfy(p -> assertThat(p).startsWith("hub.security.jwt.clock-skew"));
        assertThatThrownBy(() -> PartnerJwtDecoders.decoder(settings)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("hub.security.jwt.audience");
    }

    private static PartnerJwtProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("hub.security.jwt", PartnerJwtProperties.class);
    }
}
