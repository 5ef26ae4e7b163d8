package org.junction.adapters.spi;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junction.mappings.MapperRegistry;

/**
 * An adapter type: how one kind of partner system reaches the hub (source) or the hub reaches it
 * (sink). Types are code; partners of a type are configuration. A type checks a partner's settings
 * before any route is built from them, so a bad partner file is refused with every problem named
 * rather than failing on the first message.
 */
public interface PartnerAdapter {

    /** The type id partners name in their files ({@code sftp-csv}). */
    String type();

    /** The directions this type supports. */
    Set<Direction> directions();

    /**
     * Problems with one adapter's settings; empty when they can be used. Mapper ids are checked
     * against {@code mappers} in the direction's registry.
     */
    List<SettingProblem> validate(Direction direction, AdapterSettings settings, MapperRegistry mappers);

    /**
     * The Camel route template that carries this direction, instantiated once per partner with the
     * standard parameters of {@link RouteTemplates}. Empty where the hub's shared partner API serves
     * every partner of the type (HTTP sources: one authenticated endpoint, no per-partner route).
     */
    default Optional<String> routeTemplate(Direction direction) {
        return Optional.of(RouteTemplates.templateId(type(), direction));
    }
}
