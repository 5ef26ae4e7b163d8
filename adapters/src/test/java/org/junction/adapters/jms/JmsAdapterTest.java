package org.junction.adapters.jms;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.util.Map;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;
import org.junit.jupiter.api.Test;

class JmsAdapterTest {

    private final MapperRegistry mappers = MapperRegistry.standard();
    private final JmsAdapter adapter = new JmsAdapter(mappers, () -> null, null, BrokerProvisioning.NONE, 1024,
            Clock.systemUTC());

    @Test
    void takesAnInboundFormatAsSourceAndAnOutboundOneAsSink() {
        assertThat(adapter.validate(Direction.SOURCE,
                new AdapterSettings("jms", null, "police-referral-json-v1", null, Map.of()), mappers)).isEmpty();
        assertThat(adapter.validate(Direction.SINK,
                new AdapterSettings("jms", null, "council-referral-json-v1", null, Map.of()), mappers)).isEmpty();
        assertThat(adapter.directions()).containsExactlyInAnyOrder(Direction.SOURCE, Direction.SINK);
        assertThat(adapter.routeTemplate(Direction.SOURCE)).contains("jms-source");
        assertThat(adapter.routeTemplate(Direction.SINK)).contains("jms-sink");
    }

    @Test
    void refusesAnEndpointCredentialsUnknownOptionsAndAMapperOfTheWrongDirection() {
        var problems = adapter.validate(Direction.SINK, new AdapterSettings("jms", "tcp://partner.example:61616",
                "police-referral-json-v1", "env:SOMETHING", Map.of("queue", "elsewhere")), mappers);

        assertThat(problems).extracting(SettingProblem::key)
                .containsExactlyInAnyOrder("mapper", "endpoint", "credentials", "options.queue");
        assertThat(problems).extracting(SettingProblem::reason).noneMatch(r -> r.contains("SOMETHING"));
    }

    @Test
    void requiresAMapper() {
        assertThat(adapter.validate(Direction.SOURCE, new AdapterSettings("jms", null, null, null, Map.of()), mappers))
                .extracting(SettingProblem::key).containsExactly("mapper");
    }

    @Test
    void recipientCertificateMustBeAReadableCertificateAndOnlyOnASink(@org.junit.jupiter.api.io.TempDir
                                                                      java.nio.file.Path dir) throws Exception {
        java.nio.file.Path notACertificate = dir.resolve("partner.crt");
        java.nio.file.Files.writeString(notACertificate, "not a certificate");

        assertThat(adapter.validate(Direction.SINK, new AdapterSettings("jms", null, "council-referral-json-v1", null,
                Map.of(JmsAdapter.RECIPIENT_CERTIFICATE, notACertificate.toString())), mappers))
                .extracting(p -> p.key() + ": " + p.reason())
                .containsExactly("options.recipient-certificate: not a readable certificate file (PEM or DER)");
        assertThat(adapter.validate(Direction.SOURCE, new AdapterSettings("jms", null, "police-referral-json-v1", null,
                Map.of(JmsAdapter.RECIPIENT_CERTIFICATE, notACertificate.toString())), mappers))
                .extracting(p -> p.key()).containsExactly("options.recipient-certificate");
    }

    @Test
    void whereQueuesMustBeEncryptedASinkWithoutThePartnersCertificateIsRefused() {
        var strict = new JmsAdapter(mappers, () -> null, null, BrokerProvisioning.NONE, 1024, Clock.systemUTC(),
                org.junction.adapters.protection.OutboundProtection.WITHOUT_SIGNING_KEY, true);

        assertThat(strict.validate(Direction.SINK,
                new AdapterSettings("jms", null, "council-referral-json-v1", null, Map.of()), mappers))
                .extracting(SettingProblem::key).containsExactly("options.recipient-certificate");
        assertThat(strict.validate(Direction.SOURCE,
                new AdapterSettings("jms", null, "police-referral-json-v1", null, Map.of()), mappers))
                .as("a source leaves nothing on a partner-facing queue").isEmpty();
    }
}
