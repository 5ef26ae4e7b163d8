package org.junction.routes.decide;

import ca.uhn.fhir.parser.DataFormatException;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSException;
import jakarta.jms.Message;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxRow;
import org.junction.adapters.intake.Queues;
import org.junction.mappings.problem.MappingException;
import org.junction.routes.relay.OutboxMessages;
import org.junction.routes.relay.OutboxRelay;
import org.junction.security.crypto.CryptoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jms.support.JmsUtils;

/**
 * hub.intake -> decide, by {@code hub.decide.consumers} consumers at once, each message in
 * its person's group (see {@link BrokerHeaders#GROUP_ID}). Consumed in a JMS transaction that commits only after the decision's
 * database transaction did. A message that can never be decided (its envelope does not open, or
 * what it holds is not a referral) goes at once to DLQ.hub.intake with a reason code, so it
 * cannot block the queue; any other failure (the database, say) rolls back and the broker
 * redelivers with backoff.
 *
 * <p>The permitted dispatches leave in the same broker transaction as the intake message that
 * carried them, not by a second pass of the relay: their outbox rows are written claimed, with the
 * decision, and the relay only deletes them once that transaction has committed (or sends them
 * itself, should it never commit; see {@link DecideService#decideClaiming}).
 */
public class DecideRoute extends RouteBuilder {

    public static final String ROUTE_ID = "decide";
    static final String FROM_INTAKE = "jms:queue:" + IntakeService.INTAKE_QUEUE + "?transacted=true";
    static final String TO_DEAD_LETTERS = "jms:queue:" + Queues.deadLetter(Queues.INTAKE);

    private static final Logger log = LoggerFactory.getLogger(DecideRoute.class);
    private final DecideService decide;
    private final DecideProperties properties;
    private final OutboxRelay relay;
    private final Clock clock;
    private final OutboxMessages messages = new OutboxMessages();

    public DecideRoute(DecideService decide, DecideProperties properties, OutboxRelay relay, Clock clock) {
        this.decide = decide;
        this.properties = properties;
        this.relay = relay;
        this.clock = clock;
    }

    @Override
    public void configure() {
        from(fromIntake(properties.consumers())).routeId(ROUTE_ID)
                .onException(CryptoException.class, IllegalArgumentException.class, DataFormatException.class,
                        MappingException.class)
                    .handled(true).useOriginalMessage()
                    .process(this::markPoison)
                    .to(TO_DEAD_LETTERS)
                .end()
                .process(this::decide);
    }

    /**
     * A fixed number of consumers: the broker's message groups keep each person's referrals on one
     * consumer, which a count changing under load would keep reshuffling.
     */
    static String fromIntake(int consumers) {
        return FROM_INTAKE + "&concurrentConsumers=" + consumers + "&maxConcurrentConsumers=" + consumers;
    }

    private void markPoison(Exchange exchange) {
        Exception cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        String reason = cause instanceof CryptoException ? "UNREADABLE_ENVELOPE" : "NOT_A_REFERRAL";
        exchange.getMessage().setHeader(BrokerHeaders.FAILURE_REASON, reason);
        String trackingId = exchange.getMessage().getHeader(BrokerHeaders.TRACKING_ID, String.class);
        log.warn("Intake message {} dead-lettered: {}", trackingId, reason);
        trackingIdOf(trackingId).ifPresent(id -> decide.recordUndecidable(id, reason));
    }

    private static java.util.Optional<UUID> trackingIdOf(String header) {
        try {
            return java.util.Optional.ofNullable(header).map(UUID::fromString);
        } catch (IllegalArgumentException notAnId) {
            return java.util.Optional.empty();
        }
    }

    private void decide(Exchange exchange) {
        var in = exchange.getMessage();
        String trackingId = in.getHeader(BrokerHeaders.TRACKING_ID, String.class);
        if (trackingId == null) {
            throw new IllegalArgumentException("intake message without a tracking id");
        }
        UUID id = UUID.fromString(trackingId);
        int generation = in.getHeader(BrokerHeaders.GENERATION, 1, Integer.class);
        byte[] envelope = in.getBody(byte[].class);
        Session session = transactedSessionOf(exchange);
        if (session == null) {
            decide.decide(id, generation, envelope);
            return;
        }
        List<OutboxRow> claimed = decide.decideClaiming(id, generation, envelope,
                clock.instant().plus(properties.dispatchClaim()));
        if (claimed.isEmpty()) {
            return;
        }
        try {
            sendAndCommit(session, claimed);
        } catch (RuntimeException notCommitted) {
            // A failover during the commit can leave its outcome unknown: the broker may hold the
            // dispatches while the intake message, acknowledged with them, never comes again to
            // release the claims. Released now, the relay sends them at once, and should they have
            // been committed after all the broker drops the repeats by their duplicate ids.
            releaseAfterFailedCommit(id, generation, notCommitted);
            throw notCommitted;
        }
        relay.sentByStage(claimed.stream().map(OutboxRow::duplicateId).toList());
    }

    private void releaseAfterFailedCommit(UUID id, int generation, RuntimeException notCommitted) {
        try {
            int released = decide.releaseClaims(id, generation);
            log.info("Referral {} generation {}: dispatches not confirmed by the broker ({}); {} claims released",
                    id, generation, notCommitted.getClass().getSimpleName(), released);
        } catch (RuntimeException releaseFailed) {
            // The database too: the claims run out by themselves (hub.decide.dispatch-claim).
            notCommitted.addSuppressed(releaseFailed);
        }
    }

    /** The consumer's own transacted session, which the intake message commits in; null without one. */
    private static Session transactedSessionOf(Exchange exchange) {
        try {
            if (exchange.getIn() instanceof JmsMessage jms && jms.getJmsSession() != null
                    && jms.getJmsSession().getTransacted()) {
                return jms.getJmsSession();
            }
            return null;
        } catch (JMSException e) {
            throw JmsUtils.convertJmsAccessException(e);
        }
    }

    /**
     * Sends the dispatches in the consumer's session and commits it here, not in the listener after
     * the route: the intake message's acknowledgement and its dispatches commit together, in one
     * journal sync, and the claimed rows may be deleted only once that commit has returned. The
     * listener's own commit after the route then finds nothing to commit. A failure rolls back the
     * lot and the intake message comes again, unless a failover left the commit's outcome unknown.
     */
    private void sendAndCommit(Session session, List<OutboxRow> rows) {
        try {
            try (MessageProducer producer = session.createProducer(null)) {
                for (OutboxRow row : rows) {
                    producer.send(messages.queue(session, row), OutboxMessages.of(session, row),
                            DeliveryMode.PERSISTENT, row.priority(), Message.DEFAULT_TIME_TO_LIVE);
                }
            }
            session.commit();
        } catch (JMSException e) {
            throw JmsUtils.convertJmsAccessException(e);
        }
    }
}
