package org.junction.adapters.spi;

import java.util.ArrayList;
import java.util.List;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.model.RouteTemplateDefinition;
import org.junction.mappings.MapperRegistry;

/**
 * Base of an adapter type that carries its own route templates. Subclasses declare their
 * templates in {@link #configure()} with {@link #template(Direction)}, which adds the standard
 * parameters, and start sink routes with {@link #sinkRoute(RouteTemplateDefinition)}.
 */
public abstract class AdapterRoutes extends RouteBuilder implements PartnerAdapter {

    protected RouteTemplateDefinition template(Direction direction) {
        return routeTemplate(RouteTemplates.templateId(type(), direction))
                .templateParameter(RouteTemplates.PARTNER_ID)
                .templateParameter(RouteTemplates.ENDPOINT, RouteTemplates.NONE)
                .templateParameter(RouteTemplates.MAPPER_ID, RouteTemplates.NONE)
                .templateParameter(RouteTemplates.CREDENTIALS, RouteTemplates.NONE);
    }

    /**
     * A sink route: it starts where the deliver route hands over, and lets every failure travel
     * back to the deliver route, whose one failure policy (retry, dead letter, record) then applies.
     */
    protected RouteDefinition sinkRoute(RouteTemplateDefinition template) {
        return template.from(RouteTemplates.SINK_FROM).errorHandler(noErrorHandler());
    }

    /** Checks shared by most types: an endpoint where one is needed, a mapper that exists in the direction's registry. */
    protected static List<SettingProblem> standardChecks(Direction direction, AdapterSettings settings,
                                                         MapperRegistry mappers, boolean endpointRequired) {
        List<SettingProblem> problems = new ArrayList<>();
        if (endpointRequired && settings.endpoint() == null) {
            problems.add(new SettingProblem("endpoint", "required for this adapter type"));
        }
        if (settings.mapper() == null) {
            problems.add(new SettingProblem("mapper", "required: the format id"));
        } else if (direction == Direction.SINK && mappers.findOutbound(settings.mapper()).isEmpty()) {
            problems.add(new SettingProblem("mapper", "'" + settings.mapper() + "' is not an outbound format (known: "
                    + new java.util.TreeSet<>(mappers.outboundIds()) + ")"));
        } else if (direction == Direction.SOURCE && mappers.find(settings.mapper()).isEmpty()
                && mappers.findBulk(settings.mapper()).isEmpty()) {
            problems.add(new SettingProblem("mapper", "'" + settings.mapper() + "' is not an inbound format (known: "
                    + new java.util.TreeSet<>(mappers.ids()) + ")"));
        }
        return problems;
    }

    /** A problem when the endpoint is set but is not an http or https URL; {@code what} says what it should be. */
    protected static List<SettingProblem> httpEndpoint(AdapterSettings settings, String what) {
        return settings.endpoint() == null || settings.endpoint().matches("https?://\\S+") ? List.of()
                : List.of(new SettingProblem("endpoint", what));
    }

    /** Problems for option keys this type does not know. */
    protected static List<SettingProblem> unknownOptions(AdapterSettings settings, java.util.Set<String> known) {
        return settings.options().keySet().stream().filter(k -> !known.contains(k)).sorted()
                .map(k -> new SettingProblem("options." + k, "unknown option (known: " + new java.util.TreeSet<>(known) + ")"))
                .toList();
    }
}
