package org.junction.hub.broker;

import java.util.Arrays;
import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnectorFactory;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.web.HubSecurityProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.jms.connection.SingleConnectionFactory;

/**
 * Hands the embedded broker its security manager before it starts, and gives the hub's own in-VM
 * connection factory the internal login. Spring Boot's embedded mode offers no setting for either:
 * it builds the server and the factory itself, without credentials.
 */
final class BrokerSecurityPostProcessor implements BeanPostProcessor {

    private final InternalBrokerUser internal = InternalBrokerUser.generate();
    // Resolved at the first login, not when post-processors or the broker are built: the
    // configuration in force is an ordinary bean, and depends (through the adapter types) on
    // the broker's connection factory.
    private final ObjectProvider<ActiveConfig> config;
    private final ObjectProvider<HubSecurityProperties> security;

    BrokerSecurityPostProcessor(ObjectProvider<ActiveConfig> config, ObjectProvider<HubSecurityProperties> security) {
        this.config = config;
        this.security = security;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof EmbeddedActiveMQ broker) {
            broker.setSecurityManager(new PartnerSecurityManager(internal, () -> config.getObject().partners(),
                    () -> security.getObject().apiKeysAllowed()));
        } else {
            Object target = bean instanceof SingleConnectionFactory single ? single.getTargetConnectionFactory() : bean;
            if (target instanceof ActiveMQConnectionFactory factory && inVm(factory)) {
                factory.setUser(internal.username());
                factory.setPassword(internal.password());
                // No client-side buffer: the broker then hands each consumer the highest-priority
                // message waiting, so an urgent referral overtakes routine ones already queued
                // instead of queuing behind a buffer of them.
                factory.setConsumerWindowSize(0);
            }
        }
        return bean;
    }

    private static boolean inVm(ActiveMQConnectionFactory factory) {
        var transports = factory.getStaticConnectors();
        return transports != null && transports.length > 0 && Arrays.stream(transports)
                .allMatch(t -> InVMConnectorFactory.class.getName().equals(t.getFactoryClassName()));
    }
}
