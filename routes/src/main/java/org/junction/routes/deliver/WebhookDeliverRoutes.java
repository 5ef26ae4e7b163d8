package org.junction.routes.deliver;

import java.time.Clock;
import java.util.List;
import org.apache.camel.Exchange;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.partner.SecretReferences;
import org.junction.mappings.MapperRegistry;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.canonical.Referral;
import org.junction.security.crypto.WebhookSignatures;

/**
 * hub.dispatch.&lt;partner&gt; -> a partner's webhook (volunteer platforms), one route per webhook
 * partner: render the referral in the partner's format, sign timestamp and body with the
 * partner's HMAC key, POST it, record DELIVERED. Failure handling is {@link DeliverRoutes}'.
 */
public class WebhookDeliverRoutes extends DeliverRoutes {

    public static final String ROUTE_ID_PREFIX = "deliver-webhook-";
    public static final String TIMESTAMP_HEADER = "X-Junction-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Junction-Signature";

    private final List<Partner> recipients;
    private final MapperRegistry mappers;
    private final Clock clock;

    public WebhookDeliverRoutes(List<Partner> partners, MapperRegistry mappers, DeliveryService deliveries,
                                DeliveryProperties retry, Clock clock) {
        super(deliveries, retry);
        this.recipients = partners.stream().filter(Partner::receivesWebhook).toList();
        this.mappers = mappers;
        this.clock = clock;
        for (Partner partner : recipients) {
            if (mappers.findOutbound(partner.webhook().format()).isEmpty()) {
                throw new IllegalArgumentException("hub.partners: partner '" + partner.id()
                        + "': webhook-format '" + partner.webhook().format() + "' is not an outbound format");
            }
        }
    }

    public static String routeId(String partnerId) {
        return ROUTE_ID_PREFIX + partnerId;
    }

    @Override
    public void configure() {
        for (Partner partner : recipients) {
            OutboundMapper format = mappers.findOutbound(partner.webhook().format()).orElseThrow();
            // Resolved once at start: a missing secret stops the hub with a clear message rather
            // than failing every delivery.
            byte[] secret = SecretReferences.resolve(partner.webhook().secretReference());
            fromDispatchQueue(partner, routeId(partner.id()))
                    .process(exchange -> renderUnlessDelivered(exchange, partner, format, secret))
                    .filter(exchangeProperty(ALREADY_DELIVERED).isNotEqualTo(true))
                        .to(partner.webhook().endpoint() + "?throwExceptionOnFailure=true"
                                + "&connectTimeout=" + retry.connectTimeout().toMillis()
                                + "&responseTimeout=" + retry.socketTimeout().toMillis())
                        .process(this::recordDelivered)
                    .end();
        }
    }

    private void renderUnlessDelivered(Exchange exchange, Partner partner, OutboundMapper format, byte[] secret) {
        var dispatch = dispatchOf(exchange, partner);
        var bundle = deliveries.openUnlessDelivered(dispatch, exchange.getMessage().getBody(byte[].class));
        if (bundle.isEmpty()) {
            exchange.setProperty(ALREADY_DELIVERED, true);
            return;
        }
        var message = exchange.getMessage();
        byte[] body = format.render(Referral.of(bundle.get()), new RenderContext(partner.id(), clock.instant()));
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        // The broker's headers (ids, pseudonyms) are the hub's business, not the partner's: none
        // may travel on as HTTP headers.
        message.removeHeaders("*");
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, format.mediaType());
        message.setHeader("X-Request-ID", dispatch.requestId());
        if (dispatch.correlationId() != null) {
            message.setHeader("X-Correlation-ID", dispatch.correlationId());
        }
        message.setHeader(TIMESTAMP_HEADER, timestamp);
        message.setHeader(SIGNATURE_HEADER, WebhookSignatures.sign(secret, timestamp, body));
        message.setBody(body);
    }

    private void recordDelivered(Exchange exchange) {
        var dispatch = exchange.getProperty(DISPATCH, BrokerHeaders.Dispatch.class);
        Integer status = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String location = exchange.getMessage().getHeader("Location", String.class);
        deliveries.recordDelivered(dispatch, location != null && location.length() <= 200 ? location : "HTTP_" + status);
    }
}
