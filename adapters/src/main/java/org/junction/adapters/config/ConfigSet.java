package org.junction.adapters.config;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.spi.RouteSpec;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.routing.AreaRouting;

/**
 * One checked, consistent configuration: the partners, the routes they need and the information
 * sharing agreements. Immutable; a reload replaces the whole set at once, never a
 * part of it.
 *
 * @param files          the partner file each partner came from, relative to the configuration directory
 * @param agreements     the agreements (one version each), sorted by id
 * @param agreementFiles the agreement file each agreement id came from
 * @param areaRouting    the area routing table; empty when the directory has none
 */
public record ConfigSet(List<PartnerSettings> partners, Map<String, String> files, List<RouteSpec> routes,
                        PartnerDirectory directory, List<Agreement> agreements,
                        Map<String, String> agreementFiles, AreaRouting areaRouting) {

    public ConfigSet {
        partners = List.copyOf(partners);
        files = Map.copyOf(files);
        routes = List.copyOf(routes);
        agreements = agreements.stream().sorted(java.util.Comparator.comparing(Agreement::id)).toList();
        agreementFiles = Map.copyOf(agreementFiles);
        areaRouting = areaRouting == null ? new AreaRouting(Map.of(), Map.of()) : areaRouting;
    }

    /** A set without an area routing table. */
    public ConfigSet(List<PartnerSettings> partners, Map<String, String> files, List<RouteSpec> routes,
                     PartnerDirectory directory, List<Agreement> agreements, Map<String, String> agreementFiles) {
        this(partners, files, routes, directory, agreements, agreementFiles, null);
    }

    /** A set without agreements. */
    public ConfigSet(List<PartnerSettings> partners, Map<String, String> files, List<RouteSpec> routes,
                     PartnerDirectory directory) {
        this(partners, files, routes, directory, List.of(), Map.of());
    }

    public static ConfigSet empty() {
        return new ConfigSet(List.of(), Map.of(), List.of(), new PartnerDirectory(List.of()));
    }

    public Optional<PartnerSettings> partner(String id) {
        return partners.stream().filter(p -> p.id().equals(id)).findFirst();
    }

    public Optional<Agreement> agreement(String id, int version) {
        return agreements.stream().filter(a -> a.id().equals(id) && a.version() == version).findFirst();
    }

    public List<RouteSpec> routesOf(String partnerId) {
        return routes.stream().filter(r -> r.partnerId().equals(partnerId)).toList();
    }
}
