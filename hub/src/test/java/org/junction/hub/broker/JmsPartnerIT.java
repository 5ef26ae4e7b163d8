package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.JMSSecurityException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.QueueBrowser;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junction.adapters.jms.PartnerAddresses;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestPki;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Partners on the hub's broker, seen from outside: a police system sending over AMQP, a council
 * system consuming over AMQP, a Java system over CORE, each confined to its own two queues.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmsPartnerIT extends HubIntegrationTest {

    static final String SENDER = "jms-police-test";
    static final String SENDER_KEY = "test-jms-police-key-0001";
    static final String RECEIVER = "jms-council-test";
    static final String RECEIVER_KEY = "test-jms-council-key-0001";
    static final String SEALED = "jms-sealed-test";
    static final String SEALED_KEY = "test-jms-sealed-key-0001";
    /** The sealed partner's own key pair and certificate: only it can read what the hub leaves for it. */
    static final TestPki.Issued SEALED_CERTIFICATE = new TestPki("Testshire Partner CA").encryption(SEALED);
    static final String LEAVER = "jms-leaver-test";
    static final String LEAVER_KEY = "test-jms-leaver-key-0001";


    /** The hub's own in-VM connection: it may look at dead-letter queues, which partners may not. */
    @Autowired
    ConnectionFactory hubConnections;
    @Autowired
    org.junction.hub.keys.KeyProperties keys;
    @Autowired
    org.junction.hub.HubProperties hub;

    @BeforeAll
    void jmsPartners() throws IOException {
        writePartner(SENDER, """
                id: %s
                name: Testshire Police (broker)
                kind: POLICE
                api-key-sha256: %s
                sources:
                  - type: jms
                    mapper: police-referral-json-v1
                """.formatted(SENDER, ApiKeys.sha256Hex(SENDER_KEY)));
        writePartner(RECEIVER, """
                id: %s
                name: Testshire Council (broker)
                kind: COUNCIL
                api-key-sha256: %s
                sources:
                  - type: jms
                    mapper: council-referral-json-v1
                sink:
                  type: jms
                  mapper: council-referral-json-v1
                """.formatted(RECEIVER, ApiKeys.sha256Hex(RECEIVER_KEY)));
        writePartner(LEAVER, """
                id: %s
                name: Testshire Leaving Partner (broker)
                kind: COUNCIL
                api-key-sha256: %s
                sink:
                  type: jms
                  mapper: council-referral-json-v1
                """.formatted(LEAVER, ApiKeys.sha256Hex(LEAVER_KEY)));
        Path certificate = CONFIG_DIR.resolve(SEALED + ".crt");
        try {
            Files.write(certificate, SEALED_CERTIFICATE.certificate().getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        writePartner(SEALED, """
                id: %s
                name: Testshire Health Visitors (broker, encrypted)
                kind: HEALTH
                api-key-sha256: %s
                sink:
                  type: jms
                  mapper: council-referral-json-v1
                  options: { recipient-certificate: "%s", sign: true }
                """.formatted(SEALED, ApiKeys.sha256Hex(SEALED_KEY), certificate));
        shareAlso(new TestFlow(SENDER, RECEIVER, "CAREMGT"), new TestFlow(SENDER, SEALED, "COC"));
    }

    @AfterAll
    void removeJmsPartners() throws IOException {
        deletePartnerFile(SENDER);
        deletePartnerFile(RECEIVER);
        deletePartnerFile(LEAVER);
        deletePartnerFile(SEALED);
        removeAgreementsAndReload();
    }

    @Test
    void aReferralSentOverAmqpIsAcceptedDurably() throws Exception {
        String requestId = newRequestId();

        try (Connection connection = amqp(SENDER, SENDER_KEY)) {
            send(connection, PartnerAddresses.inbound(SENDER), requestId,
                    SampleReferrals.police("9990000018", "Odile", "Farrant", "NOT_ASKED"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(SENDER, requestId));
        assertThat(jdbc.queryForObject("SELECT correlation_id FROM intake_request WHERE request_id = ?",
                String.class, requestId)).isEqualTo(requestId);
    }

    @Test
    void aReferralForAJmsPartnerArrivesOnItsOutboundQueueAndIsReadOverAmqp() throws Exception {
        String requestId = newRequestId();
        try (Connection sender = amqp(SENDER, SENDER_KEY)) {
            send(sender, PartnerAddresses.inbound(SENDER), requestId,
                    SampleReferrals.police("9990000026", "Brannock", "Leeward", "GIVEN").replace("PATSFTY", "CAREMGT"));
        }

        try (Connection receiver = amqp(RECEIVER, RECEIVER_KEY)) {
            receiver.start();
            Session session = receiver.createSession(Session.SESSION_TRANSACTED);
            var consumer = session.createConsumer(session.createQueue(PartnerAddresses.outbound(RECEIVER)),
                    "JunctionCorrelationId = '" + requestId + "'");
            Message received = consumer.receive(Duration.ofSeconds(30).toMillis());
            assertThat(received).as("referral on %s", PartnerAddresses.outbound(RECEIVER)).isNotNull();
            session.commit();

            assertThat(received.getStringProperty("JunctionRequestId")).isNotBlank();
            assertThat(received.getStringProperty("JunctionFormat")).isEqualTo("council-referral-json-v1");
            String body = new String(received.getBody(byte[].class), StandardCharsets.UTF_8);
            assertThat(body).contains("9990000026");
            assertThat(Collections.list(received.getPropertyNames())).noneMatch(name ->
                    name.toString().equals("JunctionSubjects") || name.toString().equals("JunctionTrackingId"));
            UUID trackingId = jdbc.queryForObject("SELECT tracking_id FROM intake_request WHERE request_id = ?",
                    UUID.class, requestId);
            await().atMost(Duration.ofSeconds(10)).until(() -> delivered(trackingId));
        }
    }

    @Test
    void whatSitsOnAnEncryptingPartnersQueueIsCiphertextOnlyItsKeyOpens() throws Exception {
        String requestId = newRequestId();
        try (Connection sender = amqp(SENDER, SENDER_KEY)) {
            send(sender, PartnerAddresses.inbound(SENDER), requestId,
                    SampleReferrals.police("9990000034", "Philippa", "Westerleigh", "GIVEN").replace("PATSFTY", "COC"));
        }

        try (Connection receiver = amqp(SEALED, SEALED_KEY)) {
            receiver.start();
            Session session = receiver.createSession(Session.SESSION_TRANSACTED);
            var consumer = session.createConsumer(session.createQueue(PartnerAddresses.outbound(SEALED)),
                    "JunctionCorrelationId = '" + requestId + "'");
            Message received = consumer.receive(Duration.ofSeconds(30).toMillis());
            assertThat(received).as("referral on %s", PartnerAddresses.outbound(SEALED)).isNotNull();
            session.commit();

            byte[] body = received.getBody(byte[].class);
            assertThat(new String(body, StandardCharsets.ISO_8859_1)).doesNotContain("9990000034")
                    .doesNotContain("Westerleigh");
            assertThat(received.getStringProperty("JunctionContentType")).startsWith("application/pkcs7-mime");
            assertThat(received.getStringProperty("JunctionInnerContentType")).isEqualTo("application/json");
            // Signed by the hub, then encrypted: the partner verifies with the certificate the hub exported.
            var hubCertificate = org.junction.hub.support.HubSigningCertificate.export(keys, hub,
                    CONFIG_DIR.resolve("hub-signing-jms.pem"));
            String opened = new String(org.junction.security.crypto.CmsSignatures.verify(
                    org.junction.security.crypto.CmsEnvelopes.decrypt(body, SEALED_CERTIFICATE.key()), hubCertificate),
                    StandardCharsets.UTF_8);
            assertThat(opened).contains("9990000034");
        }
    }

    @Test
    void aPartnerCannotReadAnotherPartnersOutboundQueueNorTheHubsQueues() throws Exception {
        try (Connection connection = amqp(SENDER, SENDER_KEY)) {
            connection.start();
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            for (String queue : List.of(PartnerAddresses.outbound(RECEIVER), "hub.intake",
                    PartnerAddresses.inboundDeadLetter(SENDER))) {
                assertThatThrownBy(() -> session.createConsumer(session.createQueue(queue)).receive(1000))
                        .as(queue).isInstanceOf(JMSSecurityException.class);
            }
        }
    }

    @Test
    void aPartnerCannotSendToAnotherPartnersInboundQueue() throws Exception {
        try (Connection connection = amqp(SENDER, SENDER_KEY)) {
            assertThatThrownBy(() -> send(connection, PartnerAddresses.inbound(RECEIVER), newRequestId(), "{}"))
                    .isInstanceOf(JMSSecurityException.class);
        }
        try (Connection connection = core(SENDER, SENDER_KEY)) {
            assertThatThrownBy(() -> send(connection, PartnerAddresses.inbound(RECEIVER), newRequestId(), "{}"))
                    .isInstanceOf(JMSSecurityException.class);
        }
    }

    @Test
    void aWrongKeyOrAnotherPartnersKeyIsRefused() {
        assertThatThrownBy(() -> amqp(SENDER, "not-the-key").close()).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> amqp(SENDER, RECEIVER_KEY).close()).isInstanceOf(JMSSecurityException.class);
        assertThatThrownBy(() -> core(SENDER, "not-the-key").close()).isInstanceOf(JMSSecurityException.class);
        // A partner of the hub's HTTP API only has no broker login, even with its right key.
        assertThatThrownBy(() -> amqp("police-test", POLICE_KEY).close()).isInstanceOf(JMSSecurityException.class);
    }

    @Test
    void aMalformedMessageIsDeadLetteredWithItsReasonAndTheNextOneStillGoesThrough() throws Exception {
        String bad = newRequestId();
        String good = newRequestId();

        try (Connection connection = core(SENDER, SENDER_KEY)) {
            send(connection, PartnerAddresses.inbound(SENDER), bad, "{ this is not json");
            send(connection, PartnerAddresses.inbound(SENDER), good,
                    SampleReferrals.police("9990000034", "Wenna", "Tolhurst", "NOT_ASKED"));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(SENDER, good));
        assertThat(accepted(SENDER, bad)).isFalse();
        try (Connection hub = hubConnections.createConnection()) {
            hub.start();
            Session session = hub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            QueueBrowser browser = session.createBrowser(session.createQueue(PartnerAddresses.inboundDeadLetter(SENDER)),
                    "JunctionRequestId = '" + bad + "'");
            List<?> dead = Collections.list(browser.getEnumeration());
            assertThat(dead).hasSize(1);
            Message message = (Message) dead.get(0);
            assertThat(message.getStringProperty("JunctionFailureReason")).isEqualTo("MALFORMED");
            assertThat(message.getStringProperty("JunctionSender")).isEqualTo(SENDER);
            assertThat(message).isInstanceOf(TextMessage.class);
        }
    }

    @Test
    void theSameRequestIdSentTwiceIsStoredOnce() throws Exception {
        String requestId = newRequestId();
        String body = SampleReferrals.police("9990000042", "Perrin", "Ashcombe", "NOT_ASKED");

        try (Connection connection = amqp(SENDER, SENDER_KEY)) {
            send(connection, PartnerAddresses.inbound(SENDER), requestId, body);
            sendBytes(connection, PartnerAddresses.inbound(SENDER), requestId, body.getBytes(StandardCharsets.UTF_8));
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> accepted(SENDER, requestId));
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> queueDepth(SENDER) == 0);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM intake_request WHERE sender_partner_id = ? AND request_id = ?",
                Integer.class, SENDER, requestId)).isEqualTo(1);
    }

    @Test
    void aReloadThatRemovesAPartnerClosesItsOpenConnectionAndRefusesItsLogin() throws Exception {
        AtomicReference<Exception> closed = new AtomicReference<>();
        try (Connection connection = amqp(LEAVER, LEAVER_KEY)) {
            connection.setExceptionListener(closed::set);
            Session session = connection.createSession(Session.AUTO_ACKNOWLEDGE);
            var consumer = session.createConsumer(session.createQueue(PartnerAddresses.outbound(LEAVER)));
            assertThat(consumer.receive(200)).isNull();

            deletePartnerFile(LEAVER);
            assertThat(reloadConfig(false).statusCode()).isEqualTo(200);

            await().atMost(Duration.ofSeconds(15)).until(() -> closed.get() != null);
        }
        assertThatThrownBy(() -> amqp(LEAVER, LEAVER_KEY).close()).isInstanceOf(JMSSecurityException.class);
    }

    private int queueDepth(String partnerId) throws Exception {
        try (Connection hub = hubConnections.createConnection()) {
            hub.start();
            Session session = hub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            return Collections.list(session.createBrowser(session.createQueue(PartnerAddresses.inbound(partnerId)))
                    .getEnumeration()).size();
        }
    }

    private Connection amqp(String user, String password) throws Exception {
        Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT).createConnection(user, password);
        try {
            connection.start();
            return connection;
        } catch (Exception e) {
            connection.close();
            throw e;
        }
    }

    private Connection core(String user, String password) throws Exception {
        var factory = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory("tcp://127.0.0.1:" + BROKER_PORT);
        return factory.createConnection(user, password);
    }

    private static void send(Connection connection, String queue, String requestId, String text) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            TextMessage message = session.createTextMessage(text);
            message.setStringProperty("JunctionRequestId", requestId);
            producer.send(message);
        }
    }

    private static void sendBytes(Connection connection, String queue, String requestId, byte[] body) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(queue))) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setStringProperty("JunctionRequestId", requestId);
            producer.send(message);
        }
    }

    private boolean accepted(String partnerId, String requestId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM intake_request WHERE sender_partner_id = ? AND request_id = ?",
                Integer.class, partnerId, requestId) > 0;
    }

    private boolean delivered(UUID trackingId) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM ledger_event WHERE tracking_id = ? AND event_type = 'DELIVERED'",
                Integer.class, trackingId) > 0;
    }
}
