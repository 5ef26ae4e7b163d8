package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.core.config.impl.ConfigurationImpl;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junction.adapters.jms.PartnerAddresses;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.adapters.partner.PartnerKind;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The partner port with TLS, on a broker of its own: the partner's AMQP client logs in over
 * {@code amqps}, and the port speaks nothing in clear.
 */
class PartnerAcceptorTlsTest {

    private static final String PARTNER = "council-tls";
    private static final String KEY = "test-council-tls-key-0001";

    @TempDir
    Path dir;

    private EmbeddedActiveMQ broker;

    @AfterEach
    void stop() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void partnersLogInOverTlsAndNeverInClear() throws Exception {
        Path keyStore = dir.resolve("broker.p12");
        Path password = dir.resolve("broker.p12.password");
        Files.writeString(password, "test-keystore-password\n");
        keytool("-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", "test-keystore-password", "-dname", "CN=localhost",
                "-validity", "2");
        int port = freePort();
        var properties = new BrokerProperties(port, "127.0.0.1", BrokerProperties.Tls.serverOnly(keyStore, "file:" + password),
                3, Duration.ofMillis(100), Duration.ofSeconds(1));
        var configuration = new ConfigurationImpl().setPersistenceEnabled(false).setSecurityEnabled(false);
        PartnerBrokerConfiguration.acceptorAndSecurity(properties, true).customize(configuration);
        var directory = new PartnerDirectory(List.of(new PartnerSettings(PARTNER, "TLS Council", PartnerKind.COUNCIL,
                ApiKeys.sha256Hex(KEY), List.of(new AdapterSettings("jms", null, "council-referral-json-v1", null, Map.of())),
                null)));
        broker = new EmbeddedActiveMQ().setConfiguration(configuration)
                .setSecurityManager(new PartnerSecurityManager(InternalBrokerUser.generate(), () -> directory));
        broker.start();
        new ArtemisPartnerProvisioning(broker, properties).provision(PARTNER);

        assertThat(configuration.isSecurityEnabled()).isTrue();
        var tls = new JmsConnectionFactory("amqps://127.0.0.1:" + port
                + "?transport.trustAll=true&transport.verifyHost=false&amqp.saslMechanisms=PLAIN");
        try (Connection connection = tls.createConnection(PARTNER, KEY)) {
            connection.start();
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue(PartnerAddresses.inbound(PARTNER)))) {
                producer.send(session.createTextMessage("{}"));
            }
        }
        assertThat(broker.getActiveMQServer().locateQueue(PartnerAddresses.inbound(PARTNER)).getMessageCount()).isEqualTo(1);

        var clear = new JmsConnectionFactory("amqp://127.0.0.1:" + port + "?amqp.connectTimeout=2000&transport.connectTimeout=2000");
        assertThatThrownBy(() -> clear.createConnection(PARTNER, KEY).start()).isInstanceOf(JMSException.class);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path tool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        var command = new java.util.ArrayList<String>();
        command.add(tool.toString());
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getInputStream().readAllBytes())).isZero();
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
