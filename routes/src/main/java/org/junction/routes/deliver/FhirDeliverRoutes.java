package org.junction.routes.deliver;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.api.MethodOutcome;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.junction.adapters.fhir.FhirClients;
import org.junction.adapters.fhir.RequestHeadersInterceptor;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.partner.Partner;

/**
 * hub.dispatch.&lt;partner&gt; -> FHIR server, one route per partner that receives FHIR: skip if
 * already delivered, bind the BaRS headers, create the Bundle with camel-fhir, record DELIVERED.
 * Failure handling is {@link DeliverRoutes}'.
 */
public class FhirDeliverRoutes extends DeliverRoutes {

    public static final String ROUTE_ID_PREFIX = "deliver-fhir-";
    public static final String CLIENT_BEAN_PREFIX = "fhirClient-";
    static final String FHIR_CONTEXT_BEAN = "junctionDeliveryFhirContext";
    static final String SENT_IDENTIFIER = "junctionSentIdentifier";

    private final List<Partner> recipients;
    private final FhirContext fhirContext;
    private final Map<String, RequestHeadersInterceptor> headersByPartner = new ConcurrentHashMap<>();

    public FhirDeliverRoutes(List<Partner> recipients, DeliveryService deliveries, DeliveryProperties retry,
                             FhirContext fhirContext) {
        super(deliveries, retry);
        this.recipients = recipients.stream().filter(Partner::receivesFhir).toList();
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
            fromDispatchQueue(partner, routeId(partner.id()))
                    .process(exchange -> openUnlessDelivered(exchange, partner))
                    .filter(exchangeProperty(ALREADY_DELIVERED).isNotEqualTo(true))
                        .to("fhir://create/resource?inBody=resource&fhirContext=#" + FHIR_CONTEXT_BEAN
                                + "&client=#" + CLIENT_BEAN_PREFIX + partner.id())
                        .process(this::recordDelivered)
                    .end();
        }
    }

    private void openUnlessDelivered(Exchange exchange, Partner partner) {
        var dispatch = dispatchOf(exchange, partner);
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

    @Override
    protected void beforeFailureRecorded(Exchange exchange, Partner partner) {
        String sent = exchange.getProperty(SENT_IDENTIFIER, String.class);
        if (sent != null) {
            headersByPartner.get(partner.id()).release(sent);
        }
    }
}
