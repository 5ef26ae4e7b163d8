package org.junction.hub.broker;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code hub.broker.mode=EXTERNAL} into what Spring Boot's Artemis support reads, before any
 * bean is built: no embedded server, and none of the hub's embedded-broker configuration (partner
 * acceptor, partner logins, queue preparation), all of which apply only to a broker in the hub's JVM.
 */
public class BrokerModeEnvironment implements EnvironmentPostProcessor {

    static final String SOURCE = "junctionBrokerMode";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String mode = environment.getProperty("hub.broker.mode", "EMBEDDED");
        if (BrokerConnectionProperties.Mode.EXTERNAL.name().equalsIgnoreCase(mode.strip())) {
            environment.getPropertySources().addFirst(new MapPropertySource(SOURCE, Map.of(
                    "spring.artemis.mode", "native",
                    "spring.artemis.embedded.enabled", "false")));
        }
    }
}
