package org.junction.adapters.jms;

import jakarta.jms.BytesMessage;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.nio.charset.StandardCharsets;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.jms.JmsMessage;
import org.junction.adapters.intake.SourceIntake;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one message a partner put on its inbound queue to intake. It runs inside the consumer's
 * JMS transaction, which commits only after this returns: an accepted referral is durable before
 * the broker forgets the message. A message that can never be accepted is moved, in the same
 * transaction, to the partner's dead-letter queue with a reason code, so it cannot block the queue
 * and is not lost; anything else (the hub's database, say) propagates, the transaction rolls back
 * and the broker redelivers later.
 */
final class JmsSource implements Processor {

    /** Reason codes on dead-lettered messages. */
    enum Refusal { MALFORMED, RULE, TOO_LARGE, BAD_REQUEST_ID, BAD_CORRELATION_ID, UNSUPPORTED_MESSAGE_TYPE, BAD_SIGNATURE,
        BAD_RECALL_ID, UNKNOWN_RECALL }

    private static final Logger log = LoggerFactory.getLogger(JmsSource.class);

    private final String partnerId;
    private final String mapperId;
    private final SourceIntake intake;
    private final int maxBodyBytes;
    private final org.junction.adapters.protection.InboundSignatures.Required signature;

    JmsSource(String partnerId, String mapperId, SourceIntake intake, int maxBodyBytes) {
        this(partnerId, mapperId, intake, maxBodyBytes, null);
    }

    /** @param signature the signature the partner's messages must carry; null when none is required */
    JmsSource(String partnerId, String mapperId, SourceIntake intake, int maxBodyBytes,
              org.junction.adapters.protection.InboundSignatures.Required signature) {
        this.signature = signature;
        this.partnerId = partnerId;
        this.mapperId = mapperId;
        this.intake = intake;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public void process(Exchange exchange) throws JMSException, org.apache.camel.InvalidPayloadException {
        // The raw JMS message (mapJmsMessage=false): Camel never turns an ObjectMessage from
        // outside into Java objects, and the transacted session comes with it.
        Message message = exchange.getMessage().getMandatoryBody(Message.class);
        Session session = exchange.getMessage(JmsMessage.class).getJmsSession();
        if (session == null || !session.getTransacted()) {
            throw new IllegalStateException("jms source for partner " + partnerId + " must run in a transacted session");
        }
        String messageId = message.getJMSMessageID();
        byte[] body = bodyOf(message);
        if (body == null) {
            refuse(session, message, null, Refusal.UNSUPPORTED_MESSAGE_TYPE);
            return;
        }
        if (body.length > maxBodyBytes) {
            refuse(session, message, body, Refusal.TOO_LARGE);
            return;
        }
        String type = property(message, JmsMessageProperties.MESSAGE_TYPE, null);
        if (type != null) {
            if (JmsMessageProperties.RECALL_ACKNOWLEDGEMENT.equals(type)) {
                acknowledgeRecall(session, message, body);
            } else {
                refuse(session, message, body, Refusal.UNSUPPORTED_MESSAGE_TYPE);
            }
            return;
        }
        String requestId = property(message, JmsMessageProperties.REQUEST_ID, messageId);
        if (!JmsMessageProperties.validId(requestId)) {
            refuse(session, message, body, Refusal.BAD_REQUEST_ID);
            return;
        }
        String correlationId = property(message, JmsMessageProperties.CORRELATION_ID, requestId);
        if (!JmsMessageProperties.validId(correlationId)) {
            refuse(session, message, body, Refusal.BAD_CORRELATION_ID);
            return;
        }
        byte[] signedBody = body;
        if (signature != null) {
            try {
                // A CMS body is SignedData; a JWS travels in a message property beside the body.
                body = signature.verify(body, signature.kind() == org.junction.adapters.protection.InboundSignatures.Kind.CMS,
                        property(message, JmsMessageProperties.JWS_SIGNATURE, null));
            } catch (org.junction.security.crypto.SignatureException e) {
                refuse(session, message, signedBody, Refusal.BAD_SIGNATURE);
                return;
            }
        }
        try {
            if (intake.isBulk(mapperId)) {
                var receipt = intake.acceptBulk(partnerId, mapperId, requestId, correlationId, body);
                log.info("jms: file {} from partner {} taken in: {} accepted, {} refused", requestId, partnerId,
                        receipt.accepted().size(), receipt.refused().size());
            } else {
                var receipt = intake.accept(partnerId, mapperId, requestId, correlationId, body);
                log.info("jms: message {} from partner {} accepted as {}{}", requestId, partnerId,
                        receipt.trackingId(), receipt.duplicate() ? " (a repeat)" : "");
            }
        } catch (MappingException e) {
            refuse(session, message, signedBody, e.kind() == Violation.Kind.MALFORMED ? Refusal.MALFORMED : Refusal.RULE);
        }
    }

    /**
     * A recipient says it has acted on a cancellation notice. The broker login already says who it
     * is, and the message carries an id only, so no signature is asked for. An id that names no
     * recall of this partner's is dead-lettered with its reason (and recorded by the hub), so a
     * wrong acknowledgement never blocks the queue.
     */
    private void acknowledgeRecall(Session session, Message message, byte[] body) throws JMSException {
        String named = property(message, JmsMessageProperties.RECALL_ID, null);
        if (named == null) {
            named = new String(body, StandardCharsets.UTF_8).strip();
        }
        java.util.UUID id;
        try {
            id = java.util.UUID.fromString(named);
        } catch (IllegalArgumentException e) {
            refuse(session, message, body, Refusal.BAD_RECALL_ID);
            return;
        }
        var result = intake.acknowledgeRecall(partnerId, id, JmsAdapter.TYPE);
        if (result == org.junction.adapters.recall.RecallAcknowledgements.Result.REFUSED) {
            refuse(session, message, body, Refusal.UNKNOWN_RECALL);
            return;
        }
        log.info("jms: recall acknowledgement {} from partner {}: {}", id, partnerId, result);
    }

    /** The body as bytes, or null for a message type that carries no document (map, object, stream). */
    private static byte[] bodyOf(Message message) throws JMSException {
        if (message instanceof BytesMessage bytes) {
            long length = bytes.getBodyLength();
            if (length > Integer.MAX_VALUE - 8) {
                return null;
            }
            byte[] body = new byte[(int) length];
            bytes.readBytes(body);
            return body;
        }
        if (message instanceof TextMessage text) {
            String value = text.getText();
            return value == null ? new byte[0] : value.getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    private static String property(Message message, String name, String fallback) {
        try {
            String value = message.getStringProperty(name);
            return value == null ? fallback : value;
        } catch (JMSException notText) {
            return "";
        }
    }

    /** Moves the message to the partner's dead-letter queue, in the consumer's transaction. */
    private void refuse(Session session, Message original, byte[] body, Refusal reason) throws JMSException {
        Message dead;
        if (original instanceof TextMessage text) {
            dead = session.createTextMessage(text.getText());
        } else if (body != null) {
            BytesMessage bytes = session.createBytesMessage();
            bytes.writeBytes(body);
            dead = bytes;
        } else {
            dead = session.createMessage();
        }
        dead.setStringProperty(JmsMessageProperties.FAILURE_REASON, reason.name());
        dead.setStringProperty(JmsMessageProperties.SENDER, partnerId);
        String messageId = original.getJMSMessageID();
        if (JmsMessageProperties.validId(messageId)) {
            dead.setStringProperty(JmsMessageProperties.ORIGINAL_MESSAGE_ID, messageId);
        }
        for (String id : new String[] {JmsMessageProperties.REQUEST_ID, JmsMessageProperties.CORRELATION_ID}) {
            String value = property(original, id, null);
            if (JmsMessageProperties.validId(value)) {
                dead.setStringProperty(id, value);
            }
        }
        try (MessageProducer producer = session.createProducer(
                session.createQueue(PartnerAddresses.inboundDeadLetter(partnerId)))) {
            producer.setDeliveryMode(DeliveryMode.PERSISTENT);
            producer.send(dead);
        }
        // Ids and the code only: the body may hold personal data.
        log.warn("jms: message {} from partner {} refused ({}), moved to {}", messageId, partnerId, reason,
                PartnerAddresses.inboundDeadLetter(partnerId));
    }
}
