package org.junction.routes.partners;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junction.adapters.spi.RouteSpec;
import org.junction.adapters.spi.RouteTemplates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Routes follow the configuration: only what changed is touched, and a change that fails is undone. */
class PartnerRoutesTest {

    private CamelContext camel;
    private final List<String> preparedQueues = new ArrayList<>();
    private PartnerRoutes routes;

    @BeforeEach
    void startCamel() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                routeTemplate(RouteTemplates.DELIVER_TEMPLATE).templateParameter(RouteTemplates.PARTNER_ID)
                        .from("direct:dispatch-{{partnerId}}").to("direct:sink-{{partnerId}}");
                routeTemplate("echo-sink").templateParameter(RouteTemplates.PARTNER_ID)
                        .templateParameter(RouteTemplates.ENDPOINT)
                        .from(RouteTemplates.SINK_FROM).setBody(constant("{{endpoint}}"));
                // A sink whose endpoint option Camel refuses when the route is built.
                routeTemplate("broken-sink").templateParameter(RouteTemplates.PARTNER_ID)
                        .from(RouteTemplates.SINK_FROM).to("direct:x?noSuchOption=true");
            }
        });
        camel.start();
        routes = new PartnerRoutes(camel, (partnerId, parameters) -> preparedQueues.add(partnerId), partnerId -> false, 5);
    }

    @AfterEach
    void stopCamel() {
        camel.stop();
    }

    @Test
    void addsChangesAndRemovesOnlyWhatDiffers() {
        List<RouteSpec> first = List.of(deliver("a"), sink("a", "echo-sink", "one"), deliver("b"), sink("b", "echo-sink", "two"));
        routes.apply(List.of(), first);
        assertThat(ids()).containsExactlyInAnyOrder("deliver-a", "echo-sink-a", "deliver-b", "echo-sink-b");
        assertThat(preparedQueues).containsExactlyInAnyOrder("a", "b");
        var untouched = camel.getRoute("echo-sink-b");

        List<RouteSpec> second = List.of(deliver("a"), sink("a", "echo-sink", "changed"), deliver("b"), sink("b", "echo-sink", "two"));
        routes.apply(first, second);

        assertThat(send("a")).isEqualTo("changed");
        assertThat(camel.getRoute("echo-sink-b")).isSameAs(untouched);

        routes.apply(second, List.of(deliver("b"), sink("b", "echo-sink", "two")));
        assertThat(ids()).containsExactlyInAnyOrder("deliver-b", "echo-sink-b");
    }

    @Test
    void changeThatCannotBeBuiltIsUndoneAndTheOldRoutesRunAgain() {
        List<RouteSpec> before = List.of(deliver("a"), sink("a", "echo-sink", "one"));
        routes.apply(List.of(), before);

        List<RouteSpec> after = List.of(deliver("a"), sink("a", "broken-sink", "one"), deliver("c"), sink("c", "echo-sink", "three"));
        assertThatThrownBy(() -> routes.apply(before, after))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broken-sink-a");

        assertThat(ids()).containsExactlyInAnyOrder("deliver-a", "echo-sink-a");
        assertThat(send("a")).isEqualTo("one");
    }

    private String send(String partner) {
        return camel.createProducerTemplate().requestBody("direct:dispatch-" + partner, "", String.class);
    }

    private List<String> ids() {
        return camel.getRoutes().stream().map(r -> r.getRouteId()).toList();
    }

    private static RouteSpec deliver(String partner) {
        return new RouteSpec(RouteTemplates.deliverRouteId(partner), RouteTemplates.DELIVER_TEMPLATE, partner,
                Map.of(RouteTemplates.PARTNER_ID, partner));
    }

    private static RouteSpec sink(String partner, String template, String endpoint) {
        return new RouteSpec(template + "-" + partner, template, partner,
                Map.of(RouteTemplates.PARTNER_ID, partner, RouteTemplates.ENDPOINT, endpoint));
    }
}
