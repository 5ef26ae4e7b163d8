package org.junction.hub.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import jakarta.jms.BytesMessage;
import jakarta.jms.Connection;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import org.apache.qpid.jms.JmsConnectionFactory;
import org.junction.adapters.jms.PartnerAddresses;
import org.junction.hub.support.HubIntegrationTest;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestPki;
import org.junction.security.crypto.CmsSignatures;
import org.junction.security.identity.ApiKeys;
import org.junction.security.keys.SigningKey;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A police system on the broker whose partner file says it signs (CMS SignedData bodies): a good
 * message is taken in; an unsigned one, one signed by another key and a tampered one are moved to
 * its dead-letter queue as BAD_SIGNATURE and never stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmsSignatureIT extends HubIntegrationTest {

    private static final String PARTNER = "jms-police-signed";
    private static final String PARTNER_KEY = "test-jms-police-signed-key-0001";
    private static final TestPki CA = new TestPki("Testshire Broker Partners CA");
    private static final TestPki.Issued SIGNER = CA.client(PARTNER);
    private static final TestPki.Issued STRANGER = CA.client("someone-else");

    @Autowired
    ConnectionFactory hubConnections;

    @BeforeAll
    void signingPartner() throws Exception {
        Path certificate = Files.write(CONFIG_DIR.resolve(PARTNER + ".crt"), SIGNER.certificate().getEncoded());
        writePartner(PARTNER, """
                id: %s
                name: Testshire Police (broker, signed)
                kind: POLICE
                api-key-sha256: %s
                sources:
                  - type: jms
                    mapper: police-referral-json-v1
                    options: { signature: cms, signer-certificate: "%s" }
                """.formatted(PARTNER, ApiKeys.sha256Hex(PARTNER_KEY), certificate));
        var reload = reloadConfig(false);
        assertThat(reload.statusCode()).as(reload.body()).isEqualTo(200);
    }

    @AfterAll
    void removeSigningPartner() {
        deletePartnerFile(PARTNER);
        assertThat(reloadConfig(false).statusCode()).isEqualTo(200);
    }

    @Test
    void aSignedMessageIsTakenInAndUnsignedForeignOrTamperedOnesAreDeadLetteredUnstored() throws Exception {
        byte[] content = SampleReferrals.police("9990000476", "Evander", "Thistlewood", "NOT_ASKED")
                .getBytes(StandardCharsets.UTF_8);
        byte[] signed = CmsSignatures.sign(content, new SigningKey(SIGNER.key(), SIGNER.certificate()));
        byte[] tampered = signed.clone();
        int at = new String(signed, StandardCharsets.ISO_8859_1)
                .indexOf(new String(content, 0, 64, StandardCharsets.ISO_8859_1)) + 10;
        tampered[at] ^= 0x01;
        String good = newRequestId();
        List<String> bad = List.of(newRequestId(), newRequestId(), newRequestId());

        try (Connection connection = new JmsConnectionFactory("amqp://127.0.0.1:" + BROKER_PORT)
                .createConnection(PARTNER, PARTNER_KEY)) {
            connection.start();
            send(connection, good, signed);
            send(connection, bad.get(0), content);
            send(connection, bad.get(1), CmsSignatures.sign(content, new SigningKey(STRANGER.key(), STRANGER.certificate())));
            send(connection, bad.get(2), tampered);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> stored(good) == 1);
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLettered().size() == bad.size());
        for (Message message : deadLettered()) {
            assertThat(message.getStringProperty("JunctionFailureReason")).isEqualTo("BAD_SIGNATURE");
            assertThat(bad).contains(message.getStringProperty("JunctionRequestId"));
        }
        for (String requestId : bad) {
            assertThat(stored(requestId)).isZero();
        }
    }

    private static void send(Connection connection, String requestId, byte[] body) throws Exception {
        try (Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
             MessageProducer producer = session.createProducer(session.createQueue(PartnerAddresses.inbound(PARTNER)))) {
            BytesMessage message = session.createBytesMessage();
            message.writeBytes(body);
            message.setStringProperty("JunctionRequestId", requestId);
            producer.send(message);
        }
    }

    private List<Message> deadLettered() throws Exception {
        try (Connection hub = hubConnections.createConnection()) {
            hub.start();
            Session session = hub.createSession(false, Session.AUTO_ACKNOWLEDGE);
            List<Message> messages = new java.util.ArrayList<>();
            for (Object m : Collections.list(session.createBrowser(
                    session.createQueue(PartnerAddresses.inboundDeadLetter(PARTNER))).getEnumeration())) {
                messages.add((Message) m);
            }
            return messages;
        }
    }

    private int stored(String requestId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM intake_request WHERE sender_partner_id = ? AND request_id = ?",
                Integer.class, PARTNER, requestId);
        return n == null ? 0 : n;
    }
}
