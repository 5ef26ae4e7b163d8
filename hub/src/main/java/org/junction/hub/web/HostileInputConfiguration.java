package org.junction.hub.web;

import java.util.List;
import org.apache.coyote.AbstractProtocol;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.RateLimitProperties;
import org.junction.adapters.restjson.PartnerRateLimitFilter;
import org.junction.adapters.restjson.PartnerRateLimiter;
import org.junction.adapters.restjson.RequestLimitFilter;
import org.junction.mappings.json.JsonLimits;
import org.springframework.boot.autoconfigure.jackson.Jackson2ObjectMapperBuilderCustomizer;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

/**
 * Limits on every way into the hub's HTTP listener: body size and body deadline before anything
 * reads, socket timeouts against slow clients, a request rate per partner, and the JSON limits on
 * the one Jackson mapper Spring itself uses to read request bodies (operator endpoints).
 */
@Configuration(proxyBeanMethods = false)
public class HostileInputConfiguration {

    @Bean
    FilterRegistrationBean<RequestLimitFilter> requestLimitFilter(IntakeProperties intake, HttpListenerProperties http) {
        var registration = new FilterRegistrationBean<>(
                new RequestLimitFilter(intake::maxBodyBytes, http.bodyReadTimeout()));
        // Before Spring Security and everything else that could touch the body.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setUrlPatterns(List.of("/*"));
        return registration;
    }

    @Bean
    FilterRegistrationBean<PartnerRateLimitFilter> partnerRateLimitFilter(RateLimitProperties settings) {
        var registration = new FilterRegistrationBean<>(new PartnerRateLimitFilter(
                new PartnerRateLimiter(settings.burst(), settings.requestsPerSecond())));
        // Inside the security filter chain's call, so the partner is already authenticated.
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        registration.setUrlPatterns(List.of("/api/v1/*", "/fhir/*"));
        registration.setEnabled(settings.enabled());
        return registration;
    }

    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> slowClientTimeouts(HttpListenerProperties http) {
        return factory -> factory.addConnectorCustomizers(connector -> {
            if (connector.getProtocolHandler() instanceof AbstractProtocol<?> protocol) {
                protocol.setConnectionTimeout((int) http.readTimeout().toMillis());
            }
            if (connector.getProtocolHandler() instanceof AbstractHttp11Protocol<?> protocol) {
                protocol.setKeepAliveTimeout((int) http.keepAliveTimeout().toMillis());
            }
        });
    }

    @Bean
    Jackson2ObjectMapperBuilderCustomizer boundedRequestJson() {
        return builder -> builder.postConfigurer(mapper -> mapper.getFactory()
                .setStreamReadConstraints(JsonLimits.CONSTRAINTS));
    }
}
