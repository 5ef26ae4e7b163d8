package org.junction.adapters.spi;

import java.util.Map;

/**
 * One route the hub runs for a partner: built from {@code templateId} with {@code parameters}.
 * Two specs with the same route id and different parameters mean the route must be rebuilt.
 */
public record RouteSpec(String routeId, String templateId, String partnerId, Map<String, Object> parameters) {

    public RouteSpec {
        parameters = Map.copyOf(parameters);
    }
}
