package org.junction.hub.outbound;

import java.time.Clock;
import org.junction.adapters.outbound.OutboundSecurity;
import org.junction.routes.deliver.DeliveryProperties;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * How the hub authenticates to partners' APIs: per partner, the TLS bundle it presents
 * ({@code partner-<id>} in Spring Boot's SSL bundle registry) and the NHS signed-JWT client
 * assertion for access tokens, both from the partner's sink options.
 */
@Configuration(proxyBeanMethods = false)
public class OutboundSecurityConfiguration {

    @Bean
    OutboundSecurity outboundSecurity(SslBundleRegistry bundles, DeliveryProperties delivery, Clock clock) {
        // A token request waits no longer than a delivery would for the partner itself.
        return new OutboundSecurity(bundles, delivery.socketTimeout(), clock);
    }
}
