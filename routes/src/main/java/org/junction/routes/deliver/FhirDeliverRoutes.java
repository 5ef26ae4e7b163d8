package org.junction.routes.deliver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junction.adapters.fhir.FhirClients;
import org.junction.adapters.fhir.RequestHeadersInterceptor;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.partner.Partner;
import org.junction.routes.decide.DecideService;

/**
 * hub.dispatch.&lt;partner&gt; -> FHIR server, one route per partner that receives FHIR: skip if
 * already delivered, bind the BaRS headers, create the Bundle with camel-fhir, record DELIVERED.
 * Failures are retried with exponential backoff; when the attempts are spent the original
 * (still encrypted) message goes to DLQ.hub.dispatch.&lt;partner&gt; with a reason code and
 * DELIVERY_FAILED is recorded.
 */
public class FhirDeliverRoutes extends RouteBuilder {

    public static final String ROUTE_ID_PREFIX = "deliver-fhir-";
    public static final String CLIENT_BEAN_PREFIX = "fhirClient-";
    static final String FHIR_CONTEXT_BEAN = "junctionFhirContext";
    static final String ALREADY_DELIVERED = "junctionAlreadyDelivered";
    static final String DISPATCH = "junctionDispatch";
    static final String SENT_RESOURCE_ID = "junctionSentResourceId";

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
            String queue = DecideService.dispatchQueue(partner.id());
            from("jms:queue:" + queue + "?transacted=true").routeId(routeId(partner.id()))
                    .onException(Exception.class)
                        .maximumRedeliveries(retry.maximumRedeliveries())
                        .redeliveryDelay(retry.initialDelay().toMillis())
                        .useExponentialBackOff().backOffMultiplier(retry.multiplier())
                        .maximumRedeliveryDelay(retry.maximumDelay().toMillis())
                        .handled(true).useOriginalMessage()
                        .process(this::recordFailure)
                        .to("jms:queue:DLQ." + queue)
                    .end()
                    .process(this::openUnlessDelivered)
                    .filter(exchangeProperty(ALREADY_DELIVERED).isNotEqualTo(true))
                        .to("fhir://create/resource?inBody=resource&fhirContext=#" + FHIR_CONTEXT_BEAN
                                + "&client=#" + CLIENT_BEAN_PREFIX + partner.id())
                        .process(this::recordDelivered)
                    .end();
        }
    }

    private void openUnlessDelivered(Exchange exchange) {
        var dispatch = dispatchOf(exchange);
        exchange.setProperty(DISPATCH, dispatch);
        var bundle = deliveries.openUnlessDelivered(dispatch, exchange.getMessage().getBody(byte[].class));
        if (bundle.isEmpty()) {
            exchange.setProperty(ALREADY_DELIVERED, true);
            return;
        }
        exchange.getMessage().setBody(bundle.get());
        String identifier = bundle.get().getIdentifier().getValue();
        exchange.setProperty(SENT_RESOURCE_ID, identifier);
        headers(dispatch).bind(identifier,
                new RequestHeadersInterceptor.Values(dispatch.requestId(), dispatch.correlationId()));
    }

    private void recordDelivered(Exchange exchange) {
        var dispatch = exchange.getProperty(DISPATCH, DeliveryService.Dispatch.class);
        headers(dispatch).release(exchange.getProperty(SENT_RESOURCE_ID, String.class));
        MethodOutcome outcome = exchange.getMessage().getBody(MethodOutcome.class);
        String responseId = outcome != null && outcome.getId() != null ? outcome.getId().getValue() : "unknown";
        deliveries.recordDelivered(dispatch, responseId);
    }

    private void recordFailure(Exchange exchange) {
        String reason = reasonCode(exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class));
        exchange.getMessage().setHeader(BrokerHeaders.FAILURE_REASON, reason);
        var dispatch = exchange.getProperty(DISPATCH, DeliveryService.Dispatch.class);
        if (dispatch == null) {
            dispatch = dispatchOf(exchange);
        }
        String sent = exchange.getProperty(SENT_RESOURCE_ID, String.class);
        if (sent != null) {
            headers(dispatch).release(sent);
        }
        deliveries.recordFailed(dispatch, reason);
    }

    private RequestHeadersInterceptor headers(DeliveryService.Dispatch dispatch) {
        return headersByPartner.get(dispatch.recipient());
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
        }
        return failure == null ? "UNKNOWN" : failure.getClass().getSimpleName();
    }

    private static DeliveryService.Dispatch dispatchOf(Exchange exchange) {
        var in = exchange.getMessage();
        String subjects = in.getHeader(BrokerHeaders.SUBJECTS, "", String.class);
        return new DeliveryService.Dispatch(UUID.fromString(in.getHeader(BrokerHeaders.TRACKING_ID, String.class)),
                in.getHeader(BrokerHeaders.RECIPIENT, String.class), in.getHeader(BrokerHeaders.GENERATION, 1, Integer.class),
                in.getHeader(BrokerHeaders.SENDER, String.class), in.getHeader(BrokerHeaders.PURPOSE, String.class),
                in.getHeader(BrokerHeaders.CORRELATION_ID, String.class),
                subjects.isEmpty() ? List.of() : Arrays.asList(subjects.split(",")));
    }
}
