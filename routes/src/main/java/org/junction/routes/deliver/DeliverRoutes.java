package org.junction.routes.deliver;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.apache.camel.model.RouteDefinition;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.partner.Partner;
import org.junction.security.crypto.CryptoException;

/**
 * What every deliver route shares: consume the partner's dispatch queue in a JMS transaction, and
 * on failure either roll back (the broker keeps the message and redelivers it with its own
 * backoff: nothing waits in memory, a stopping hub leaves it queued, the partner's other messages
 * keep moving) or, for the last attempt and for failures no retry can cure (a message that does
 * not open, the recipient's 4xx refusal), send the original, still encrypted message to
 * DLQ.hub.dispatch.&lt;partner&gt; with a reason code and record DELIVERY_FAILED.
 */
abstract class DeliverRoutes extends RouteBuilder {

    static final String ALREADY_DELIVERED = "junctionAlreadyDelivered";
    static final String DISPATCH = "junctionDispatch";
    /** Set by the broker on each delivery of a message: 1 on the first attempt. */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    protected final DeliveryService deliveries;
    protected final DeliveryProperties retry;

    DeliverRoutes(DeliveryService deliveries, DeliveryProperties retry) {
        this.deliveries = deliveries;
        this.retry = retry;
    }

    /** The start of a deliver route for {@code partner}, with its failure handling in place. */
    protected RouteDefinition fromDispatchQueue(Partner partner, String routeId) {
        String queue = Queues.dispatch(partner.id());
        String deadLetters = "jms:queue:" + Queues.deadLetter(queue);
        RouteDefinition route = from("jms:queue:" + queue + "?transacted=true").routeId(routeId);
        route.onException(CryptoException.class, DataFormatException.class, IllegalArgumentException.class)
                .handled(true).useOriginalMessage()
                .process(exchange -> recordFailure(exchange, partner))
                .to(deadLetters);
        route.onException(Exception.class).onWhen(exchange -> refusedForGood(exchange) || lastAttempt(exchange))
                .handled(true).useOriginalMessage()
                .process(exchange -> recordFailure(exchange, partner))
                .to(deadLetters);
        return route;
    }

    /** Reads the dispatch and marks an already delivered one, so the route sends nothing twice. */
    protected BrokerHeaders.Dispatch dispatchOf(Exchange exchange, Partner partner) {
        var dispatch = BrokerHeaders.dispatchOf(exchange.getMessage().getHeaders(), partner.id());
        exchange.setProperty(DISPATCH, dispatch);
        return dispatch;
    }

    /** Hook for a route to release what it bound for the message before the failure is recorded. */
    protected void beforeFailureRecorded(Exchange exchange, Partner partner) {
    }

    private void recordFailure(Exchange exchange, Partner partner) {
        String reason = reasonCode(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        exchange.getMessage().setHeader(BrokerHeaders.FAILURE_REASON, reason);
        beforeFailureRecorded(exchange, partner);
        var dispatch = exchange.getProperty(DISPATCH, BrokerHeaders.Dispatch.class);
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
