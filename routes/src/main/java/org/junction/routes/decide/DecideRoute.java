package org.junction.routes.decide;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.junction.adapters.intake.BrokerHeaders;
import org.junction.adapters.intake.IntakeService;

/**
 * hub.intake -> decide. Consumed in a JMS transaction that commits only after the decision's
 * database transaction did; a failure rolls back and the broker redelivers (and, after its
 * attempts, dead-letters to DLQ.hub.intake).
 */
public class DecideRoute extends RouteBuilder {

    public static final String ROUTE_ID = "decide";
    static final String FROM_INTAKE = "jms:queue:" + IntakeService.INTAKE_QUEUE + "?transacted=true";

    private final DecideService decide;

    public DecideRoute(DecideService decide) {
        this.decide = decide;
    }

    @Override
    public void configure() {
        from(FROM_INTAKE).routeId(ROUTE_ID)
                .process(this::decide);
    }

    private void decide(Exchange exchange) {
        var in = exchange.getMessage();
        decide.decide(java.util.UUID.fromString(in.getHeader(BrokerHeaders.TRACKING_ID, String.class)),
                in.getHeader(BrokerHeaders.GENERATION, 1, Integer.class), in.getBody(byte[].class));
    }
}
