package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import jakarta.jms.Connection;
import jakarta.jms.JMSException;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSocket;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junction.adapters.jms.PartnerAddresses;
import org.junction.hub.JunctionHub;
import org.junction.hub.config.ConfigReloads;
import org.junction.hub.support.TestPki;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The broker's partner port as production runs it: TLS with client certificates, API keys refused.
 * Partners' AMQP clients log in by certificate alone (SASL EXTERNAL), each confined to its own two
 * queues; a reload that drops a fingerprint closes that partner's connection. The management port
 * serves HTTPS from the same bundle as the main port, as the production profile sets it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrokerCertificateLoginIT {

    private static final String A = "council-cert-a";
    private static final String B = "council-cert-b";
    private static final String KEY_A = "cert-a-broker-key-0001";
    private static final String KEY_B = "cert-b-broker-key-0001";

    @TempDir
    static Path dir;

    private TestPki ca;
    private TestPki.Issued certA;
    private TestPki.Issued certAExpired;
    private TestPki.Issued certB;
    private Path config;
    private int brokerPort;
    private int managementPort;
    private ConfigurableApplicationContext hub;

    @BeforeAll
    void start() throws IOException {
        ca = new TestPki("Junction Test Broker CA");
        certA = ca.client(A);
        certAExpired = ca.expiredClient(A + "-old");
        certB = ca.client(B);
        Path keystore = TestPki.keyStore(ca.server(), dir.resolve("tls/hub.p12"));
        Path truststore = ca.trustStore(dir.resolve("tls/partner-cas.p12"));
        Path password = Files.writeString(dir.resolve("tls/store.password"), TestPki.STORE_PASSWORD + "\n");
        config = dir.resolve("config");
        writePartners(true);
        brokerPort = freePort();
        hub = new SpringApplicationBuilder(JunctionHub.class).run(
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dir,
                "--hub.config-dir=" + config,
                "--hub.config-watch=false",
                "--hub.tls.enabled=true",
                "--hub.tls.keystore=" + keystore,
                "--hub.tls.keystore-password=file:" + password,
                "--hub.tls.truststore=" + truststore,
                "--hub.tls.truststore-password=file:" + password,
                "--hub.tls.client-auth=NEED",
                "--hub.security.api-keys-allowed=false",
                // as application-production.yaml sets them
                "--management.server.ssl.enabled=true",
                "--management.server.ssl.bundle=hub-server",
                "--hub.broker.partner-port=" + brokerPort,
                "--hub.broker.tls.key-store=" + keystore,
                "--hub.broker.tls.key-store-password=file:" + password,
                "--hub.broker.tls.trust-store=" + truststore,
                "--hub.broker.tls.trust-store-password=file:" + password,
                // WANT, so that a login without a certificate reaches the security manager and is refused there.
                "--hub.broker.tls.client-auth=WANT");
        managementPort = Integer.parseInt(hub.getEnvironment().getProperty("local.management.port"));
    }

    @AfterAll
    void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void aCertificateLogsItsPartnerInToItsOwnQueuesOnly() throws Exception {
        try (Connection connection = factory(certA, "").createConnection()) {
            connection.start();
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            try (MessageProducer producer = session.createProducer(session.createQueue(PartnerAddresses.inbound(A)));
                 MessageConsumer consumer = session.createConsumer(session.createQueue(PartnerAddresses.outbound(A)))) {
                producer.send(session.createTextMessage("{}"));
                assertThat(consumer.receiveNoWait()).isNull();
            }
            assertThat(catchThrowable(() -> session.createProducer(session.createQueue(PartnerAddresses.inbound(B)))))
                    .isInstanceOf(JMSSecurityException.class);
            assertThat(catchThrowable(() -> session.createConsumer(session.createQueue(PartnerAddresses.outbound(B)))))
                    .isInstanceOf(JMSSecurityException.class);
            assertThat(catchThrowable(() -> session.createConsumer(session.createQueue("hub.intake"))))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void aCoreClientLogsInByItsCertificateToo() throws Exception {
        String url = "tcp://localhost:" + brokerPort + "?sslEnabled=true&trustStorePath=" + store(null, "trust")
                + "&trustStorePassword=" + TestPki.STORE_PASSWORD + "&trustStoreType=PKCS12&keyStoreType=PKCS12"
                + "&keyStorePassword=" + TestPki.STORE_PASSWORD + "&keyStorePath=";
        try (var core = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(url + store(certB, "key"));
             Connection connection = core.createConnection()) {
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            try (MessageConsumer consumer = session.createConsumer(session.createQueue(PartnerAddresses.outbound(B)))) {
                assertThat(consumer.receiveNoWait()).isNull();
            }
            assertThat(catchThrowable(() -> session.createConsumer(session.createQueue(PartnerAddresses.outbound(A)))))
                    .isInstanceOf(JMSSecurityException.class);
        }
        TestPki.Issued stranger = ca.client("council-cert-core-stranger");
        try (var core = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(url + store(stranger, "key"))) {
            assertThat(catchThrowable(() -> core.createConnection().close())).isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void anUnknownOrExpiredCertificateIsRefused() {
        TestPki.Issued stranger = ca.client("council-cert-stranger");
        assertThat(catchThrowable(() -> factory(stranger, "").createConnection().start())).isInstanceOf(JMSException.class);
        // listed for A, but out of date: the handshake or the login refuses it
        assertThat(catchThrowable(() -> factory(certAExpired, "").createConnection().start())).isInstanceOf(JMSException.class);
        TestPki.Issued otherCa = new TestPki("Untrusted CA").client(A);
        assertThat(catchThrowable(() -> factory(otherCa, "").createConnection().start())).isInstanceOf(JMSException.class);
    }

    @Test
    void aCertificateUnderAnotherPartnersNameIsRefused() {
        var plain = factory(certA, "&amqp.saslMechanisms=PLAIN");
        assertThat(catchThrowable(() -> plain.createConnection(B, KEY_B).start())).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void passwordLoginsAreRefusedWhileApiKeysAre() {
        var noCertificate = factory(null, "&amqp.saslMechanisms=PLAIN");
        assertThat(catchThrowable(() -> noCertificate.createConnection(A, KEY_A).start()))
                .isInstanceOf(JMSSecurityException.class);
        // nor does a key ride along with the partner's own certificate
        var plain = factory(certA, "&amqp.saslMechanisms=PLAIN");
        assertThat(catchThrowable(() -> plain.createConnection(A, KEY_A).start())).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void thePartnerPortSpeaksTls13AndStillTls12() throws Exception {
        assertThat(handshake(null)).isEqualTo("TLSv1.3");
        assertThat(handshake(new String[] {"TLSv1.2"})).isEqualTo("TLSv1.2");
    }

    @Test
    void theManagementPortServesHttpsOnly() throws Exception {
        var https = HttpClient.newBuilder().sslContext(ca.clientContext(null)).build();
        var health = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort + "/actuator/health"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.sslSession()).isPresent();
        var prometheus = https.send(HttpRequest.newBuilder(URI.create("https://localhost:" + managementPort
                + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(prometheus.statusCode()).isEqualTo(200);
        // In clear, Tomcat either drops the connection or answers 400 "requires TLS": never the health.
        AtomicReference<HttpResponse<String>> clear = new AtomicReference<>();
        Throwable failure = catchThrowable(() -> clear.set(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/health")).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString())));
        if (failure == null) {
            assertThat(clear.get().statusCode()).isEqualTo(400);
            assertThat(clear.get().body()).doesNotContain("UP");
        }
    }

    /** Rewrites A's partner file, and puts it back before it ends. */
    @Test
    void aReloadDroppingTheFingerprintClosesTheConnection() throws Exception {
        AtomicReference<JMSException> dropped = new AtomicReference<>();
        try (Connection a = factory(certA, "").createConnection(); Connection b = factory(certB, "").createConnection()) {
            a.setExceptionListener(dropped::set);
            a.start();
            Session sessionA = a.createSession(Session.AUTO_ACKNOWLEDGE);
            sessionA.createConsumer(sessionA.createQueue(PartnerAddresses.outbound(A)));
            b.start();
            try {
                writePartners(false);
                assertThat(hub.getBean(ConfigReloads.class).reload(false, "test").status()).isEqualTo("APPLIED");
                await().atMost(Duration.ofSeconds(15)).until(() -> dropped.get() != null);
                assertThat(catchThrowable(() -> factory(certA, "").createConnection().start()))
                        .isInstanceOf(JMSException.class);
                // B's fingerprint did not change: its connection stays open and usable
                Session sessionB = b.createSession(Session.AUTO_ACKNOWLEDGE);
                try (MessageConsumer consumer = sessionB.createConsumer(sessionB.createQueue(PartnerAddresses.outbound(B)))) {
                    assertThat(consumer.receiveNoWait()).isNull();
                }
            } finally {
                writePartners(true);
                hub.getBean(ConfigReloads.class).reload(false, "test");
            }
        }
    }

    private JmsConnectionFactory factory(TestPki.Issued client, String more) {
        String url = "amqps://localhost:" + brokerPort + "?transport.trustStoreLocation=" + store(null, "trust")
                + "&transport.trustStorePassword=" + TestPki.STORE_PASSWORD + "&transport.trustStoreType=PKCS12"
                + "&transport.connectTimeout=5000";
        if (client != null) {
            url += "&transport.keyStoreLocation=" + store(client, "key") + "&transport.keyStorePassword="
                    + TestPki.STORE_PASSWORD + "&transport.keyStoreType=PKCS12";
        }
        return new JmsConnectionFactory(url + more);
    }

    private Path store(TestPki.Issued client, String kind) {
        if (client == null) {
            Path file = dir.resolve("clients/trust.p12");
            return Files.exists(file) ? file : ca.trustStore(file);
        }
        return TestPki.keyStore(client, dir.resolve("clients/" + kind + "-" + client.sha256() + ".p12"));
    }

    /** The protocol a TLS handshake with the partner port settles on, presenting A's certificate. */
    private String handshake(String[] protocols) throws IOException {
        try (var socket = (SSLSocket) ca.clientContext(certA).getSocketFactory().createSocket("localhost", brokerPort)) {
            if (protocols != null) {
                socket.setEnabledProtocols(protocols);
            }
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    private void writePartners(boolean withA) throws IOException {
        Files.createDirectories(config.resolve("partners"));
        Files.writeString(config.resolve("partners/" + A + ".yaml"), """
                id: %s
                name: Certshire Council
                kind: COUNCIL
                api-key-sha256: %s
                client-certificates: [%s]
                sources: [{ type: jms, mapper: council-referral-json-v1 }]
                sink: { type: jms, mapper: council-referral-json-v1 }
                """.formatted(A, ApiKeys.sha256Hex(KEY_A),
                withA ? certA.sha256() + ", " + certAExpired.sha256() : certAExpired.sha256()));
        Files.writeString(config.resolve("partners/" + B + ".yaml"), """
                id: %s
                name: Keyshire Council
                kind: COUNCIL
                api-key-sha256: %s
                client-certificates: [%s]
                sources: [{ type: jms, mapper: council-referral-json-v1 }]
                sink: { type: jms, mapper: council-referral-json-v1 }
                """.formatted(B, ApiKeys.sha256Hex(KEY_B), certB.sha256()));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
