package org.junction.routes.deliver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junction.adapters.fhir.FhirClients;
import org.junction.adapters.fhir.RequestHeadersInterceptor;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.Queues;
import org.junction.adapters.partner.Partner;
import org.junction.security.crypto.CryptoException;

/**
 * hub.dispatch.&lt;partner&gt; -> FHIR server, one route per partner that receives FHIR: skip if
 * already delivered, bind the BaRS headers, create the Bundle with camel-fhir, record DELIVERED.
 *
 * <p>A failed attempt rolls the JMS transaction back, so the broker keeps the message and
 * redelivers it with its own backoff (see the broker's address settings): nothing waits in
 * memory, a stopping hub leaves the message safely queued, and the partner's other messages keep
 * moving meanwhile. The last attempt, and any failure that no retry can cure (a message that
 * does not open, a recipient's 4xx refusal), sends the original, still encrypted message to
 * DLQ.hub.dispatch.&lt;partner&gt; with a reason code and records DELIVERY_FAILED.
 */
public class FhirDeliverRoutes extends RouteBuilder {

    public static final String ROUTE_ID_PREFIX = "deliver-fhir-";
    public static final String CLIENT_BEAN_PREFIX = "fhirClient-";
    static final String FHIR_CONTEXT_BEAN = "junctionDeliveryFhirContext";
    static final String ALREADY_DELIVERED = "junctionAlreadyDelivered";
    static final String DISPATCH = "junctionDispatch";
    static final String SENT_IDENTIFIER = "junctionSentIdentifier";
    /** Set by the broker on each delivery of a message: 1 on the first attempt. */
    static final String DELIVERY_COUNT = "JMSXDeliveryCount";

    private final List<Partner> recipients;
    private final DeliveryService deliveries;
    private final DeliveryProperties retry;
    private final FhirContext fhirContext;
    private final Map<String, RequestHeadersInterceptor> headersByPartner = new ConcurrentHashMap<>();

    public FhirDeliverRoutes(List<Partner> recipients, DeliveryService deliveries, DeliveryProperties retry,
                             FhirContext fhirContext) {
        this.recipients = recipients.stream().filter(Partner::receivesFhir).toList();
        this.deliveries = deliveries;
        this.retry = retry;
        this.fhirContext = fhirContext;
    }

    public static String routeId(String partnerId) {
        return ROUTE_ID_PREFIX + partnerId;
    }

    @Override
    public void configure() {
        getContext().getRegistry().bind(FHIR_CONTEXT_BEAN, fhirContext);
        for (Partner partner : recipients) {
            var headers = headersByPartner.computeIfAbsent(partner.id(), id -> new RequestHeadersInterceptor());
            getContext().getRegistry().bind(CLIENT_BEAN_PREFIX + partner.id(), FhirClients.forEndpoint(fhirContext,
                    partner.fhirEndpoint(), headers, retry.connectTimeout(), retry.socketTimeout()));
            String queue = Queues.dispatch(partner.id());
            String deadLetters = "jms:queue:" + Queues.deadLetter(queue);

            from("jms:queue:" + queue + "?transacted=true").routeId(routeId(partner.id()))
                    .onException(CryptoException.class, DataFormatException.class, IllegalArgumentException.class)
                        .handled(true).useOriginalMessage()
                        .process(exchange -> recordFailure(exchange, partner))
                        .to(deadLetters)
                    .end()
                    .onException(BaseServerResponseException.class).onWhen(exchange -> refusedForGood(exchange))
                        .handled(true).useOriginalMessage()
                        .process(exchange -> recordFailure(exchange, partner))
                        .to(deadLetters)
                    .end()
                    .onException(Exception.class).onWhen(exchange -> lastAttempt(exchange))
                        .handled(true).useOriginalMessage()
                        .process(exchange -> recordFailure(exchange, partner))
                        .to(deadLetters)
                    .end()
                    .process(exchange -> openUnlessDelivered(exchange, partner))
                    .filter(exchangeProperty(ALREADY_DELIVERED).isNotEqualTo(true))
                        .to("fhir://create/resource?inBody=resource&fhirContext=#" + FHIR_CONTEXT_BEAN
                                + "&client=#" + CLIENT_BEAN_PREFIX + partner.id())
                        .process(this::recordDelivered)
                    .end();
        }
    }

    private void openUnlessDelivered(Exchange exchange, Partner partner) {
        var dispatch = BrokerHeaders.dispatchOf(exchange.getMessage().getHeaders(), partner.id());
        exchange.setProperty(DISPATCH, dispatch);
        var bundle = deliveries.openUnlessDelivered(dispatch, exchange.getMessage().getBody(byte[].class));
        if (bundle.isEmpty()) {
            exchange.setProperty(ALREADY_DELIVERED, true);
            return;
        }
        exchange.getMessage().setBody(bundle.get());
        String identifier = bundle.get().getIdentifier().getValue();
        exchange.setProperty(SENT_IDENTIFIER, identifier);
        headersByPartner.get(partner.id()).bind(identifier,
                new RequestHeadersInterceptor.Values(dispatch.requestId(), dispatch.correlationId()));
    }

    private void recordDelivered(Exchange exchange) {
        var dispatch = exchange.getProperty(DISPATCH, BrokerHeaders.Dispatch.class);
        headersByPartner.get(dispatch.recipient()).release(exchange.getProperty(SENT_IDENTIFIER, String.class));
        MethodOutcome outcome = exchange.getMessage().getBody(MethodOutcome.class);
        // The resource's own id, not the partner's full URL: that is long, and says where, not what.
        String responseId = outcome != null && outcome.getId() != null
                ? outcome.getId().toUnqualifiedVersionless().getValue() : "unknown";
        deliveries.recordDelivered(dispatch, responseId);
    }

    private void recordFailure(Exchange exchange, Partner partner) {
        String reason = reasonCode(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        exchange.getMessage().setHeader(BrokerHeaders.FAILURE_REASON, reason);
        String sent = exchange.getProperty(SENT_IDENTIFIER, String.class);
        if (sent != null) {
            headersByPartner.get(partner.id()).release(sent);
        }
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
        var failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, BaseServerResponseException.class);
        int status = failure == null ? 0 : failure.getStatusCode();
        return status >= 400 && status < 500 && status != 408 && status != 429;
    }

    /** A code for the ledger and the dead-letter header; exception messages may quote payloads. */
    static String reasonCode(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BaseServerResponseException server) {
                return "HTTP_" + server.getStatusCode();
            }
            if (t instanceof FhirClientConnectionException) {
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
