package org.junction.routes.deliver;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.spi.RouteTemplates;
import org.junction.security.crypto.CryptoException;

/**
 * The {@code deliver} route template, one route per receiving partner:
 * hub.dispatch.&lt;partner&gt; -> skip if already delivered -> open -> the partner's sink route
 * (whatever its adapter type) -> record DELIVERED with the sink's receipt.
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
    static final String PARTNER = "junctionDeliverPartner";
    /** Set by the broker on each delivery of a message: 1 on the first attempt. */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";
    static final String FROM_DISPATCH = "jms:queue:" + Queues.dispatch("{{" + RouteTemplates.PARTNER_ID + "}}")
            + "?transacted=true";
    static final String TO_DEAD_LETTERS = "jms:queue:"
            + Queues.deadLetter(Queues.dispatch("{{" + RouteTemplates.PARTNER_ID + "}}"));
    static final String TO_SINK = "direct:sink-{{" + RouteTemplates.PARTNER_ID + "}}";

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
                .process(this::openUnlessDelivered)
                .filter(exchangeProperty(ALREADY_DELIVERED).isNotEqualTo(true))
                    .doTry()
                        .to(TO_SINK)
                    .doCatch(Exception.class)
                        .process(this::noteFailure)
                    .end()
                    .process(this::recordDelivered)
                .end();
    }

    private void openUnlessDelivered(Exchange exchange) {
        String partnerId = exchange.getProperty(PARTNER, String.class);
        var dispatch = BrokerHeaders.dispatchOf(exchange.getMessage().getHeaders(), partnerId);
        exchange.setProperty(RouteTemplates.DISPATCH, dispatch);
        var bundle = deliveries.openUnlessDelivered(dispatch, exchange.getMessage().getBody(byte[].class));
        if (bundle.isEmpty()) {
            exchange.setProperty(ALREADY_DELIVERED, true);
            return;
        }
        exchange.getMessage().setBody(bundle.get());
    }

    /** Tells the partner's circuit, then lets the failure go on to the route's failure policy. */
    private void noteFailure(Exchange exchange) throws Exception {
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        int status = statusOf(failure);
        if (status == 0 && !(failure instanceof CryptoException) || status >= 500 || status == 408 || status == 429) {
            circuits.onTransientFailure(exchange.getProperty(PARTNER, String.class), RetryAfter.of(failure));
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
        Integer count = exchange.getMessage().getHeader(DELIVERY_COUNT, Integer.class);
        return count != null && count > retry.maximumRedeliveries();
    }

    /** A 4xx other than 408 and 429 is the recipient refusing this message: sending it again changes nothing. */
    private static boolean refusedForGood(Exchange exchange) {
        int status = statusOf(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        return status >= 400 && status < 500 && status != 408 && status != 429;
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
