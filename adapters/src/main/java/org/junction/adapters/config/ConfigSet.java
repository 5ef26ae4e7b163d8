package org.junction.adapters.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.spi.RouteSpec;
import org.junction.security.sharing.SharingRules;

/**
 * One checked, consistent configuration: the partners, the routes they need and the sharing rules.
 * Immutable; a reload replaces the whole set at once, never a part of it.
 *
 * @param files the partner file each partner came from, relative to the configuration directory
 */
public record ConfigSet(List<PartnerSettings> partners, Map<String, String> files, List<RouteSpec> routes,
                        SharingRules rules, PartnerDirectory directory) {

    public ConfigSet {
        partners = List.copyOf(partners);
        files = Map.copyOf(files);
        routes = List.copyOf(routes);
    }

    public static ConfigSet empty() {
        return new ConfigSet(List.of(), Map.of(), List.of(), new SharingRules(List.of()),
                new PartnerDirectory(List.of()));
    }

    public Optional<PartnerSettings> partner(String id) {
        return partners.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public List<RouteSpec> routesOf(String partnerId) {
        return routes.stream().filter(r -> r.partnerId().equals(partnerId)).toList();
    }
}
