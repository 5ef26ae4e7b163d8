package org.junction.bench.passthrough;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Durable queue -> partner: consumed in a JMS transaction ({@code passthrough.consumers} consumers,
 * one unless set) that commits only once the partner has answered 2xx; any failure rolls back and
 * the broker redelivers. The tracking id given at intake travels as an HTTP header, for the stub to
 * record the receipt against.
 */
class PassthroughRoute extends RouteBuilder {

    static final String TRACKING_ID = "X-Tracking-ID";
    static final String ROUTE_ID = "passthrough-deliver";

    private final PassthroughProperties properties;

    PassthroughRoute(PassthroughProperties properties) {
        this.properties = properties;
    }

    @Override
    public void configure() {
        from("jms:queue:" + properties.queue() + "?transacted=true&concurrentConsumers=" + properties.consumers()
                + "&maxConcurrentConsumers=" + properties.consumers()).routeId(ROUTE_ID)
                .process(exchange -> {
                    var message = exchange.getMessage();
                    Object trackingId = message.getHeader(PassthroughController.TRACKING_PROPERTY);
                    String contentType = message.getHeader(PassthroughController.CONTENT_TYPE_PROPERTY, String.class);
                    // Broker headers are not the partner's business (the hub strips them too).
                    message.removeHeaders("*");
                    message.setHeader(TRACKING_ID, trackingId);
                    message.setHeader("X-Request-ID", trackingId);
                    message.setHeader(Exchange.HTTP_METHOD, "POST");
                    message.setHeader(Exchange.CONTENT_TYPE, contentType == null ? "application/json" : contentType);
                    message.setBody(message.getBody(byte[].class));
                })
                .to(properties.partnerUrl());
    }
}
