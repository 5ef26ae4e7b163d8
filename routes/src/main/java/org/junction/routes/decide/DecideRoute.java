package org.junction.routes.decide;

import ca.uhn.fhir.parser.DataFormatException;
import java.util.UUID;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.Queues;
import org.junction.mappings.problem.MappingException;
import org.junction.security.crypto.CryptoException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * hub.intake -> decide, by {@code hub.decide.consumers} consumers at once, each message in
 * its person's group (see {@link BrokerHeaders#GROUP_ID}). Consumed in a JMS transaction that commits only after the decision's
 * database transaction did. A message that can never be decided (its envelope does not open, or
 * what it holds is not a referral) goes at once to DLQ.hub.intake with a reason code, so it
 * cannot block the queue; any other failure (the database, say) rolls back and the broker
 * redelivers with backoff.
 */
public class DecideRoute extends RouteBuilder {

    public static final String ROUTE_ID = "decide";
    static final String FROM_INTAKE = "jms:queue:" + IntakeService.INTAKE_QUEUE + "?transacted=true";
    static final String TO_DEAD_LETTERS = "jms:queue:" + Queues.deadLetter(Queues.INTAKE);

    private static final Logger log = LoggerFactory.getLogger(DecideRoute.class);
    private final DecideService decide;
    private final DecideProperties properties;

    public DecideRoute(DecideService decide, DecideProperties properties) {
        this.decide = decide;
        this.properties = properties;
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
        decide.decide(UUID.fromString(trackingId), in.getHeader(BrokerHeaders.GENERATION, 1, Integer.class),
                in.getBody(byte[].class));
    }
}
