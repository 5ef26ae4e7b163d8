package org.junction.routes.partners;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.junction.adapters.spi.RouteSpec;
import org.junction.adapters.spi.RouteTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the routes the partner configuration asks for: builds each from its template, and on a
 * reload removes, adds and rebuilds only what changed. Either the whole change is made or, if a
 * route cannot be built, what was done is undone and the previous routes run again.
 */
public class PartnerRoutes {

    private static final Logger log = LoggerFactory.getLogger(PartnerRoutes.class);

    /**
     * Prepares broker resources (queues, dead-letter queues, redelivery policy) a partner's deliver
     * route needs before it starts; given the route's parameters, which carry the partner's policy.
     */
    @FunctionalInterface
    public interface QueuePreparation {
        void prepare(String partnerId, Map<String, Object> deliverParameters);
    }

    /** Whether a partner's deliveries are held (paused, or its circuit open): its deliver route then starts suspended. */
    @FunctionalInterface
    public interface DeliveryGate {
        boolean held(String partnerId);
    }

    private final CamelContext camel;
    private final QueuePreparation queues;
    private final DeliveryGate gate;
    private final long stopTimeoutSeconds;

    public PartnerRoutes(CamelContext camel, QueuePreparation queues, DeliveryGate gate, long stopTimeoutSeconds) {
        this.camel = camel;
        this.queues = queues;
        this.gate = gate;
        this.stopTimeoutSeconds = stopTimeoutSeconds;
    }

    /**
     * Moves the running routes from {@code before} to {@code after}.
     *
     * @throws IllegalStateException naming the route that could not be built; the routes of
     *         {@code before} are running again when it is thrown
     */
    public synchronized void apply(List<RouteSpec> before, List<RouteSpec> after) {
        Map<String, RouteSpec> old = byId(before);
        Map<String, RouteSpec> next = byId(after);
        // A partner whose sink changes has its deliver route rebuilt too, so no message is handed
        // to a sink that is between its old and new settings.
        var sinkChanged = java.util.stream.Stream.concat(before.stream(), after.stream())
                .filter(spec -> isSink(spec) && !spec.equals(old.get(spec.routeId())) || isSink(spec)
                        && !spec.equals(next.get(spec.routeId())))
                .map(RouteSpec::partnerId).collect(java.util.stream.Collectors.toSet());
        List<RouteSpec> toRemove = before.stream()
                .filter(spec -> !spec.equals(next.get(spec.routeId())) || isDeliver(spec) && sinkChanged.contains(spec.partnerId()))
                .toList();
        List<RouteSpec> toAdd = after.stream()
                .filter(spec -> !spec.equals(old.get(spec.routeId())) || isDeliver(spec) && sinkChanged.contains(spec.partnerId()))
                .toList();
        List<RouteSpec> removed = new ArrayList<>();
        List<RouteSpec> added = new ArrayList<>();
        try {
            for (RouteSpec spec : consumersFirst(toRemove)) {
                remove(spec);
                removed.add(spec);
            }
            for (RouteSpec spec : sinksFirst(toAdd)) {
                add(spec);
                added.add(spec);
            }
        } catch (RuntimeException failure) {
            undo(added, removed);
            throw failure;
        }
        if (!toRemove.isEmpty() || !toAdd.isEmpty()) {
            log.info("Partner routes: {} removed or rebuilt, {} added or rebuilt", toRemove.size(), toAdd.size());
        }
    }

    private void undo(List<RouteSpec> added, List<RouteSpec> removed) {
        for (RouteSpec spec : consumersFirst(added)) {
            try {
                remove(spec);
            } catch (RuntimeException e) {
                log.error("Could not remove route {} while undoing a failed change", spec.routeId(), e);
            }
        }
        for (RouteSpec spec : sinksFirst(removed)) {
            try {
                add(spec);
            } catch (RuntimeException e) {
                log.error("Could not restore route {} while undoing a failed change", spec.routeId(), e);
            }
        }
    }

    private void add(RouteSpec spec) {
        try {
            if (RouteTemplates.DELIVER_TEMPLATE.equals(spec.templateId())) {
                queues.prepare(spec.partnerId(), spec.parameters());
            }
            var builder = TemplatedRouteBuilder.builder(camel, spec.templateId())
                    .routeId(spec.routeId())
                    .parameters(spec.parameters());
            if (RouteTemplates.DELIVER_TEMPLATE.equals(spec.templateId()) && gate.held(spec.partnerId())) {
                // Built but not consuming: not even one message may go to a held partner.
                builder.parameter(RouteTemplates.AUTO_STARTUP, "false");
            }
            builder.add();
        } catch (Exception e) {
            // Camel's message may quote endpoint URIs; the route id is enough to find the setting.
            throw new IllegalStateException("route " + spec.routeId() + " could not be built from template "
                    + spec.templateId() + ": " + reason(e), e);
        }
    }

    private void remove(RouteSpec spec) {
        try {
            if (camel.getRoute(spec.routeId()) == null) {
                return;
            }
            // A graceful stop: the message in hand finishes (or rolls back to its queue) first.
            camel.getRouteController().stopRoute(spec.routeId(), stopTimeoutSeconds, TimeUnit.SECONDS);
            camel.removeRoute(spec.routeId());
        } catch (Exception e) {
            throw new IllegalStateException("route " + spec.routeId() + " could not be stopped", e);
        }
    }

    /**
     * Why a route could not be built, for the admin who asked. Camel's own messages may quote
     * endpoint URIs, so only the hub's own explanations (a secret reference that does not resolve,
     * say) are passed on; otherwise the kind of failure.
     */
    private static String reason(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if ((t instanceof IllegalStateException || t instanceof IllegalArgumentException)
                    && t.getStackTrace().length > 0 && t.getStackTrace()[0].getClassName().startsWith("org.junction.")) {
                return t.getMessage();
            }
        }
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName();
    }

    private static boolean isSink(RouteSpec spec) {
        return spec.templateId().endsWith("-sink");
    }

    private static boolean isDeliver(RouteSpec spec) {
        return RouteTemplates.DELIVER_TEMPLATE.equals(spec.templateId());
    }

    /** Sinks are what consumers hand to: start them first, stop them last. */
    private static List<RouteSpec> sinksFirst(List<RouteSpec> specs) {
        return specs.stream().sorted(Comparator.comparingInt(PartnerRoutes::consumerRank)).toList();
    }

    private static List<RouteSpec> consumersFirst(List<RouteSpec> specs) {
        return specs.stream().sorted(Comparator.comparingInt(PartnerRoutes::consumerRank).reversed()).toList();
    }

    private static int consumerRank(RouteSpec spec) {
        return isSink(spec) ? 0 : 1;
    }

    private static Map<String, RouteSpec> byId(List<RouteSpec> specs) {
        Map<String, RouteSpec> map = new LinkedHashMap<>();
        specs.forEach(spec -> map.put(spec.routeId(), spec));
        return map;
    }
}
