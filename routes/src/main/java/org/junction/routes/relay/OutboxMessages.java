package org.junction.routes.relay;

import jakarta.jms.BytesMessage;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.Session;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.Queues;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.springframework.jms.support.JmsUtils;

/**
 * An outbox row as a broker message, the same whoever sends it: the relay, or the decide stage
 * sending the dispatches it claimed in its own broker transaction.
 */
public final class OutboxMessages {

    /**
     * Queues by name, kept from one send to the next: the broker's client asks the broker about a
     * queue each time a session names one, a round trip that the name alone does not need.
     */
    private final Map<String, Queue> queues = new ConcurrentHashMap<>();

    /** The queue the row goes to. */
    public Queue queue(Session session, OutboxRow row) {
        return queues.computeIfAbsent(row.destination(), name -> {
            try {
                return session.createQueue(name);
            } catch (JMSException e) {
                throw JmsUtils.convertJmsAccessException(e);
            }
        });
    }

    /** The row's payload with its ids, codes and pseudonyms as properties (never anything else). */
    public static Message of(Session session, OutboxRow row) throws JMSException {
        BytesMessage message = session.createBytesMessage();
        message.writeBytes(row.payload());
        message.setStringProperty(BrokerHeaders.DUPLICATE_ID, row.duplicateId());
        message.setStringProperty(BrokerHeaders.TRACKING_ID, row.trackingId().toString());
        message.setStringProperty(BrokerHeaders.SENDER, row.senderPartnerId());
        message.setStringProperty(BrokerHeaders.PURPOSE, row.purpose());
        message.setStringProperty(BrokerHeaders.SUBJECTS, BrokerHeaders.joinSubjects(row.subjectPseudonyms()));
        message.setIntProperty(BrokerHeaders.GENERATION, row.generation());
        if (row.recipientPartnerId() != null) {
            message.setStringProperty(BrokerHeaders.RECIPIENT, row.recipientPartnerId());
        }
        if (Queues.INTAKE.equals(row.destination())) {
            message.setStringProperty(BrokerHeaders.GROUP_ID,
                    BrokerHeaders.groupOf(row.trackingId(), row.subjectPseudonyms()));
        }
        if (row.correlationId() != null) {
            message.setStringProperty(BrokerHeaders.CORRELATION_ID, row.correlationId());
        }
        return message;
    }

    /** The ledger's QUEUED event for the row, stamped {@code at}. */
    public static LedgerEvent queuedEvent(OutboxRow row, Instant at) {
        return LedgerEvent.forReferral(LedgerEventType.QUEUED, row.trackingId(), "hub", row.senderPartnerId(),
                row.recipientPartnerId(), row.purpose(), null, null, row.generation(), row.subjectPseudonyms(), at);
    }
}
