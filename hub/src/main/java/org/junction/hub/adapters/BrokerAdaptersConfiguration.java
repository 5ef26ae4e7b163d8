package org.junction.hub.adapters;

import jakarta.jms.ConnectionFactory;
import java.time.Clock;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.SourceIntake;
import org.junction.adapters.jms.BrokerProvisioning;
import org.junction.adapters.jms.JmsAdapter;
import org.junction.hub.web.HubSecurityProperties;
import org.junction.mappings.MapperRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Adapter types for partners that talk to the hub's broker directly. With the embedded broker the
 * hub creates each jms partner's queues itself; with a broker someone else runs, they are that
 * broker's administrators' to create.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerAdaptersConfiguration {

    @Bean
    JmsAdapter jmsAdapter(MapperRegistry mappers, ObjectProvider<SourceIntake> intake, ConnectionFactory connectionFactory,
                          ObjectProvider<BrokerProvisioning> provisioning, IntakeProperties limits, Clock clock,
                          org.junction.adapters.protection.OutboundProtection protection,
                          HubSecurityProperties security) {
        return new JmsAdapter(mappers, intake::getObject, connectionFactory, provisioning.getIfAvailable(() -> BrokerProvisioning.NONE),
                limits.maxBodyBytes(), clock, protection, security.partnerQueuesEncrypted());
    }
}
