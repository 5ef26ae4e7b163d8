package org.junction.hub.operations;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.Collection;
import org.junction.routes.deliver.PartnerCircuits;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The delivery state of every receiving partner. Always UP: one partner down (or paused on
 * purpose) is that partner's incident, not the hub's, and a load balancer must not take the hub
 * out of service for it. The details and the CIRCUIT_OPEN alert say who is affected.
 */
public class PartnerCircuitsHealth extends AbstractHealthIndicator {

    private final Supplier<Collection<String>> receivers;
    private final PartnerCircuits circuits;

    public PartnerCircuitsHealth(Supplier<Collection<String>> receivers, PartnerCircuits circuits) {
        super("partner circuits check failed");
        this.receivers = receivers;
        this.circuits = circuits;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        Map<String, String> states = new TreeMap<>();
        long held = 0;
        for (String partner : receivers.get()) {
            PartnerCircuits.State state = circuits.state(partner);
            states.put(partner, state.name());
            if (state != PartnerCircuits.State.CLOSED) {
                held++;
            }
        }
        builder.up().withDetail("partners", states).withDetail("notClosed", held);
    }
}
