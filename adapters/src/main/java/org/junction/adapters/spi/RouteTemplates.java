package org.junction.adapters.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The contract between adapter route templates and the hub: template ids, the standard
 * parameters, and how a sink route is handed a message by the pipeline's deliver route.
 *
 * <p>A sink route starts at {@link #SINK_FROM}. It receives the decrypted canonical Bundle as the
 * body, the dispatch ({@code BrokerHeaders.Dispatch}) in the exchange property {@link #DISPATCH},
 * renders and sends it, and leaves a short receipt (the partner's id for what it stored, or a
 * status) in {@link #RECEIPT}. It throws on failure; retries, dead letters and bookkeeping are the
 * deliver route's, so every sink behaves alike under failure.
 */
public final class RouteTemplates {

    public static final String PARTNER_ID = "partnerId";
    public static final String ENDPOINT = "endpoint";
    public static final String MAPPER_ID = "mapperId";
    public static final String CREDENTIALS = "credentials";
    /** Whether a route starts consuming when built; a deliver route of a paused partner does not. */
    public static final String AUTO_STARTUP = "autoStartup";

    /** The pipeline's template that consumes a partner's dispatch queue and hands each message to its sink. */
    public static final String DELIVER_TEMPLATE = "deliver";

    /** Where every sink route starts; {@code {{partnerId}}} is filled in per partner. */
    public static final String SINK_FROM = "direct:sink-{{" + PARTNER_ID + "}}";
    public static final String DISPATCH = "junctionDispatch";
    public static final String RECEIPT = "junctionReceipt";
    /** A Retry-After the partner gave with a failure, where the sink's exception cannot carry it. */
    public static final String RETRY_AFTER = "junctionRetryAfter";
    /** A placeholder for an unset optional parameter: Camel template parameters cannot be null. */
    public static final String NONE = "none";

    private RouteTemplates() {
    }

    public static String templateId(String type, Direction direction) {
        return type + "-" + direction.suffix();
    }

    /** The id of the route built from a template for one partner. */
    public static String routeId(String type, Direction direction, String partnerId) {
        return templateId(type, direction) + "-" + partnerId;
    }

    public static String deliverRouteId(String partnerId) {
        return DELIVER_TEMPLATE + "-" + partnerId;
    }

    public static String sinkEndpoint(String partnerId) {
        return "direct:sink-" + partnerId;
    }

    /** The standard parameters of one partner's adapter, plus its options as parameters of their own name. */
    public static Map<String, Object> parameters(String partnerId, AdapterSettings settings) {
        Map<String, Object> parameters = new LinkedHashMap<>(settings.options());
        parameters.put(PARTNER_ID, partnerId);
        parameters.put(ENDPOINT, settings.endpoint() == null ? NONE : settings.endpoint());
        parameters.put(MAPPER_ID, settings.mapper() == null ? NONE : settings.mapper());
        parameters.put(CREDENTIALS, settings.credentials() == null ? NONE : settings.credentials());
        return parameters;
    }
}
