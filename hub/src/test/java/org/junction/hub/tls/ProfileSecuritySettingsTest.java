package org.junction.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import org.junction.hub.web.HubSecurityProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** What the shipped profiles say about HTTPS and API keys, bound as the hub binds them. */
class ProfileSecuritySettingsTest {

    @Test
    void embeddedDefaultAndDemoServeHttpAndAcceptApiKeys() throws IOException {
        for (Binder binder : List.of(binder("application.yaml"), binder("application-demo.yaml", "application.yaml"))) {
            TlsProperties tls = binder.bindOrCreate("hub.tls", TlsProperties.class);
            assertThat(tls.enabled()).isFalse();
            assertThat(tls.problems()).isEmpty();
            assertThat(binder.bindOrCreate("hub.security", HubSecurityProperties.class).apiKeysAllowed()).isTrue();
            assertThat(binder.bindOrCreate("hub.security", HubSecurityProperties.class).partnerQueuesEncrypted()).isFalse();
        }
    }

    @Test
    void productionRefusesToStartWithoutHttpsAndRefusesApiKeys() throws IOException {
        Binder production = binder("application-production.yaml", "application.yaml");
        TlsProperties tls = production.bindOrCreate("hub.tls", TlsProperties.class);
        assertThat(tls.required()).isTrue();
        assertThat(tls.clientAuth()).isEqualTo(TlsProperties.ClientAuth.NEED);
        assertThat(tls.problems()).singleElement().asString().startsWith("hub.tls.enabled");
        assertThat(production.bindOrCreate("hub.security", HubSecurityProperties.class).apiKeysAllowed()).isFalse();
        assertThat(production.bindOrCreate("hub.security", HubSecurityProperties.class).partnerQueuesEncrypted())
                .as("jms partners' queues hold only what the partner opens").isTrue();
    }

    @Test
    void productionServesTheManagementPortOverHttpsFromTheHubBundle() throws IOException {
        Binder production = binder("application-production.yaml", "application.yaml");
        assertThat(production.bind("management.server.ssl.enabled", Boolean.class).get()).isTrue();
        assertThat(production.bind("management.server.ssl.bundle", String.class).get()).isEqualTo(TlsConfiguration.BUNDLE);
        assertThat(binder("application.yaml").bind("management.server.ssl.enabled", Boolean.class).isBound()).isFalse();
    }

    /** Files first to last in precedence, as a profile's file overrides application.yaml. */
    private static Binder binder(String... files) throws IOException {
        var environment = new StandardEnvironment();
        for (String file : files) {
            for (PropertySource<?> source : new YamlPropertySourceLoader().load(file, new ClassPathResource(file))) {
                environment.getPropertySources().addLast(source);
            }
        }
        return new Binder(ConfigurationPropertySources.get(environment), null, null, null);
    }
}
