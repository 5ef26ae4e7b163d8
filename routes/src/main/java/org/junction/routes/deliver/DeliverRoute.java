package org.junction.routes.deliver;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.jms.JmsMessage;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.support.SynchronizationAdapter;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.outbound.TokenEndpointException;
import org.junction.adapters.partner.DeliveryPolicy;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.security.crypto.CryptoException;

/**
 * The {@code deliver} route template, one route per receiving partner:
 * hub.dispatch.&lt;partner&gt;, {@code hub.delivery.consumers} at once -> skip if already delivered
 * -> cancel if consent was withdrawn since the decision -> wait behind an earlier dispatch about
 * the same person -> open -> the partner's sink route (whatever its adapter type) -> record
 * DELIVERED with the sink's receipt.
 *
 * <p>One failure policy for every sink: the queue is consumed in a JMS transaction, and on failure
 * the route either rolls back (the broker keeps the message and redelivers it with its own backoff:
 * nothing waits in memory, a stopping hub leaves it queued, the partner's other messages keep
 * moving) or, for the last attempt and for failures no retry can cure (a message that does not
 * open, the recipient's 4xx refusal), sends the original, still encrypted message to
 * DLQ.hub.dispatch.&lt;partner&gt; with a reason code and records DELIVERY_FAILED.
 */
public class DeliverRoute extends RouteBuilder {

    static final String ALREADY_DELIVERED = "junctionAlreadyDelivered";
    static final String HELD_BACK = "junctionHeldBack";
    static final String MAXIMUM_REDELIVERIES = "junctionMaximumRedeliveries";
    /**
     * This delivery's attempt number, counting those spent before it was held back; read as the
     * message arrives, since a sink may replace the message.
     */
    static final String ATTEMPT = "junctionDeliveryAttempt";
    /** How many times a dispatch was put back behind an earlier one: part of its new duplicate id. */
    static final String HELD_COUNT = "JunctionHeldCount";
    /**
     * Attempts a dispatch had spent before it was put back: the copy's broker count starts again at
     * 1, and without this a dispatch held back on every opening of its partner's circuit would
     * never reach its last attempt.
     */
    static final String EARLIER_ATTEMPTS = "JunctionEarlierAttempts";
    /** Artemis' property for delivery at a later time (epoch milliseconds). */
    static final String SCHEDULED_DELIVERY = "_AMQ_SCHED_DELIVERY";
    static final String PARTNER = "junctionDeliverPartner";
    /** Set by the broker on each delivery of a message: 1 on the first attempt. */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    /** Deliveries to the partner in flight at once ({@code hub.delivery.consumers}). */
    static final String CONSUMERS = "consumers";
    /*
     * Accepting messages while stopping: a consumer being suspended (circuit opened, partner
     * paused) or stopped (partner removed) may still receive one; rejected, it would be rolled back
     * and spend one of the broker's delivery attempts without the route seeing it, so that the
     * broker's backstop could dead-letter it with no reason. Accepted, the route holds it back
     * unsent, or delivers it while the route drains.
     */
    static final String FROM_DISPATCH = "jms:queue:" + Queues.dispatch("{{" + RouteTemplates.PARTNER_ID + "}}")
            + "?transacted=true&concurrentConsumers={{" + CONSUMERS + "}}&maxConcurrentConsumers={{" + CONSUMERS + "}}"
            + "&acceptMessagesWhileStopping=true";
    static final String TO_DEAD_LETTERS = "jms:queue:"
            + Queues.deadLetter(Queues.dispatch("{{" + RouteTemplates.PARTNER_ID + "}}"));
    static final String TO_SINK = "direct:sink-{{" + RouteTemplates.PARTNER_ID + "}}";
    // The copy keeps the original's priority: a held-back urgent referral stays urgent.
    static final String BACK_TO_DISPATCH = "jms:queue:" + Queues.dispatch("{{" + RouteTemplates.PARTNER_ID + "}}")
            + "?preserveMessageQos=true";

    private final DeliveryService deliveries;
    private final DeliveryProperties retry;
    private final PartnerCircuits circuits;

    public DeliverRoute(DeliveryService deliveries, DeliveryProperties retry, PartnerCircuits circuits) {
        this.deliveries = deliveries;
        this.retry = retry;
        this.circuits = circuits;
    }

    @Override
    public void configure() {
        var route = routeTemplate(RouteTemplates.DELIVER_TEMPLATE)
                .templateParameter(RouteTemplates.PARTNER_ID)
                .templateParameter(RouteTemplates.AUTO_STARTUP, "true")
                .templateParameter(DeliveryPolicy.MAXIMUM_REDELIVERIES, Integer.toString(retry.maximumRedeliveries()))
                .templateParameter(CONSUMERS, Integer.toString(retry.consumers()))
                // The other policy values are the broker's to apply (redelivery delays); declared so
                // that a partner file may set them.
                .templateParameter(DeliveryPolicy.INITIAL_DELAY, "0")
                .templateParameter(DeliveryPolicy.MULTIPLIER, "0")
                .templateParameter(DeliveryPolicy.MAXIMUM_DELAY, "0")
                .from(FROM_DISPATCH)
                .autoStartup("{{" + RouteTemplates.AUTO_STARTUP + "}}");
        route.onException(CryptoException.class, DataFormatException.class, IllegalArgumentException.class)
                .handled(true).useOriginalMessage()
                .process(this::recordFailure)
                .to(TO_DEAD_LETTERS);
        route.onException(Exception.class).onWhen(exchange -> refusedForGood(exchange) || lastAttempt(exchange))
                .handled(true).useOriginalMessage()
                .process(this::recordFailure)
                .to(TO_DEAD_LETTERS);
        route.setProperty(PARTNER, constant("{{" + RouteTemplates.PARTNER_ID + "}}"))
                .setProperty(MAXIMUM_REDELIVERIES, constant("{{" + DeliveryPolicy.MAXIMUM_REDELIVERIES + "}}"))
                .process(this::openUnlessDelivered)
                .choice()
                    .when(exchangeProperty(HELD_BACK).isEqualTo(true))
                        .process(this::holdBack)
                        .to(BACK_TO_DISPATCH)
                    .when(exchangeProperty(ALREADY_DELIVERED).isNotEqualTo(true))
                        .doTry()
                            .to(TO_SINK)
                        .doCatch(Exception.class)
                            .process(this::noteFailure)
                        .end()
                        .process(this::recordDelivered)
                .end();
    }

    private void openUnlessDelivered(Exchange exchange) {
        exchange.setProperty(ATTEMPT, exchange.getMessage().getHeader(EARLIER_ATTEMPTS, 0, Integer.class)
                + deliveryCount(exchange));
        String partnerId = exchange.getProperty(PARTNER, String.class);
        var dispatch = BrokerHeaders.dispatchOf(exchange.getMessage().getHeaders(), partnerId);
        exchange.setProperty(RouteTemplates.DISPATCH, dispatch);
        var admission = circuits.admit(partnerId);
        if (admission == PartnerCircuits.Admission.HOLD) {
            // Taken between the circuit opening (or a pause) and the consumers' suspension, or
            // while another consumer's probe is out: put back for later, unsent and without
            // spending an attempt.
            exchange.setProperty(HELD_BACK, true);
            return;
        }
        if (admission == PartnerCircuits.Admission.PROBE) {
            exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
                @Override
                public void onDone(Exchange done) {
                    circuits.probeDone(partnerId);
                }
            });
        }
        var known = deliveries.known(dispatch);
        if (known.deliveredResponseId().isPresent()) {
            exchange.setProperty(ALREADY_DELIVERED, true);
            return;
        }
        // A withdrawal that meets its undelivered referral cancels it: sending it now would
        // share what the person has since said no to.
        if (known.consentWithdrawn()) {
            deliveries.recordCancelled(dispatch);
            exchange.setProperty(ALREADY_DELIVERED, true);
            return;
        }
        // Its sender has taken it back (entered-in-error, or replaced by a corrected version):
        // nobody else receives it.
        if (known.takenBack().isPresent()) {
            deliveries.recordCancelled(dispatch, known.takenBack().get());
            exchange.setProperty(ALREADY_DELIVERED, true);
            return;
        }
        if (known.heldBack()) {
            exchange.setProperty(HELD_BACK, true);
            return;
        }
        exchange.getMessage().setBody(deliveries.open(dispatch, exchange.getMessage().getBody(byte[].class)));
    }

    /**
     * Puts the still-encrypted message back on the queue for a little later, and lets this copy
     * go: waiting costs no delivery attempt, and the partner's other messages keep flowing.
     */
    private void holdBack(Exchange exchange) {
        var message = exchange.getMessage();
        int held = message.getHeader(HELD_COUNT, 0, Integer.class) + 1;
        String duplicateId = message.getHeader(BrokerHeaders.DUPLICATE_ID, String.class);
        message.setHeader(HELD_COUNT, held);
        // This delivery was not an attempt: nothing was sent.
        message.setHeader(EARLIER_ATTEMPTS, Math.max(0, exchange.getProperty(ATTEMPT, 1, Integer.class) - 1));
        if (duplicateId != null) {
            message.setHeader(BrokerHeaders.DUPLICATE_ID, duplicateId.replaceAll("\\|held-\\d+$", "") + "|held-" + held);
        }
        message.setHeader(SCHEDULED_DELIVERY, System.currentTimeMillis() + retry.holdBackDelay().toMillis());
    }

    /** Tells the partner's circuit, then lets the failure go on to the route's failure policy. */
    private void noteFailure(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = statusOf(failure);
        if (status == 0 && !(failure instanceof CryptoException) && !tokenRefused(failure)
                || status >= 500 || status == 408 || status == 429) {
            java.time.Duration retryAfter = RetryAfter.of(failure);
            String given = exchange.getProperty(RouteTemplates.RETRY_AFTER, String.class);
            if (retryAfter == null && given != null) {
                retryAfter = RetryAfter.parse(given.strip(), java.time.Instant.now());
            }
            circuits.onTransientFailure(exchange.getProperty(PARTNER, String.class), retryAfter);
        }
        throw failure;
    }

    private void recordDelivered(Exchange exchange) {
        circuits.onSuccess(exchange.getProperty(PARTNER, String.class));
        var dispatch = exchange.getProperty(RouteTemplates.DISPATCH, BrokerHeaders.Dispatch.class);
        String receipt = exchange.getProperty(RouteTemplates.RECEIPT, String.class);
        deliveries.recordDelivered(dispatch, receipt == null ? "unknown" : receipt);
    }

    private void recordFailure(Exchange exchange) {
        String reason = reasonCode(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        exchange.getMessage().setHeader(BrokerHeaders.FAILURE_REASON, reason);
        var dispatch = exchange.getProperty(RouteTemplates.DISPATCH, BrokerHeaders.Dispatch.class);
        if (dispatch != null) {
            deliveries.recordFailed(dispatch, reason);
        }
    }

    private boolean lastAttempt(Exchange exchange) {
        Integer attempt = exchange.getProperty(ATTEMPT, Integer.class);
        Integer maximum = exchange.getProperty(MAXIMUM_REDELIVERIES, Integer.class);
        return (attempt == null ? deliveryCount(exchange) : attempt)
                > (maximum == null ? retry.maximumRedeliveries() : maximum);
    }

    /**
     * The broker's count of deliveries of this message. Artemis does not list JMSXDeliveryCount
     * among a message's property names, so Camel never copies it into a header: it is read from
     * the JMS message itself.
     */
    static int deliveryCount(Exchange exchange) {
        if (exchange.getIn() instanceof JmsMessage jms && jms.getJmsMessage() != null) {
            try {
                return jms.getJmsMessage().getIntProperty(DELIVERY_COUNT);
            } catch (jakarta.jms.JMSException | NumberFormatException unreadable) {
                return 0;
            }
        }
        Integer header = exchange.getIn().getHeader(DELIVERY_COUNT, Integer.class);
        return header == null ? 0 : header;
    }

    /**
     * A 4xx other than 408 and 429 is the recipient refusing this message: sending it again changes
     * nothing. So is a token endpoint refusing the hub's client assertion: an admin must act.
     */
    private static boolean refusedForGood(Exchange exchange) {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = statusOf(failure);
        return status >= 400 && status < 500 && status != 408 && status != 429 || tokenRefused(failure);
    }

    private static TokenEndpointException tokenFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TokenEndpointException token) {
                return token;
            }
        }
        return null;
    }

    private static boolean tokenRefused(Throwable failure) {
        TokenEndpointException token = tokenFailure(failure);
        return token != null && !token.retryable();
    }

    private static int statusOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BaseServerResponseException server) {
                return server.getStatusCode();
            }
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode();
            }
        }
        return 0;
    }

    /** A code for the ledger and the dead-letter header; exception messages may quote payloads. */
    static String reasonCode(Throwable failure) {
        TokenEndpointException token = tokenFailure(failure);
        if (token != null) {
            return token.reasonCode();
        }
        int status = statusOf(failure);
        if (status > 0) {
            return "HTTP_" + status;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof FhirClientConnectionException || t instanceof java.net.ConnectException) {
                return "CONNECTION_FAILED";
            }
            if (t instanceof CryptoException) {
                return "UNREADABLE_ENVELOPE";
            }
            if (t instanceof BrokerHeaders.WrongRecipientException) {
                return "WRONG_RECIPIENT";
            }
        }
        return failure == null ? "UNKNOWN" : failure.getClass().getSimpleName();
    }
}
