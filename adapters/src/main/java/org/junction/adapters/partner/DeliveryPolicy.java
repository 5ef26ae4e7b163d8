package org.junction.adapters.partner;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the hub retries deliveries to one partner, where it differs from the hub's defaults
 * ({@code hub.delivery.*}). Each value is optional: null keeps the default.
 *
 * @param maximumRedeliveries attempts after the first before the message is dead-lettered
 * @param initialDelay        wait before the first retry
 * @param multiplier          growth of the wait per retry
 * @param maximumDelay        cap on the wait
 */
public record DeliveryPolicy(Integer maximumRedeliveries, Duration initialDelay, Double multiplier,
                             Duration maximumDelay) {

    public static final String MAXIMUM_REDELIVERIES = "maximumRedeliveries";
    public static final String INITIAL_DELAY = "initialDelay";
    public static final String MULTIPLIER = "multiplier";
    public static final String MAXIMUM_DELAY = "maximumDelay";

    /** The values set, as route template parameters (durations in milliseconds). */
    public Map<String, Object> parameters() {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (maximumRedeliveries != null) {
            parameters.put(MAXIMUM_REDELIVERIES, maximumRedeliveries.toString());
        }
        if (initialDelay != null) {
            parameters.put(INITIAL_DELAY, Long.toString(initialDelay.toMillis()));
        }
        if (multiplier != null) {
            parameters.put(MULTIPLIER, multiplier.toString());
        }
        if (maximumDelay != null) {
            parameters.put(MAXIMUM_DELAY, Long.toString(maximumDelay.toMillis()));
        }
        return parameters;
    }
}
