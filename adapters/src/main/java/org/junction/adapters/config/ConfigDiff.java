package org.junction.adapters.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.spi.RouteSpec;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.routing.AreaRouting;

/**
 * What applying one configuration set over another would change. A route is "changed" when it
 * keeps its id but would be built with other parameters, and is then rebuilt; a route whose
 * parameters are equal is left running, even if its partner's other settings changed.
 */
public record ConfigDiff(Change partners, Change routes, Change agreements, Change areas) {

    /** Ids added, removed and changed, each sorted. */
    public record Change(List<String> added, List<String> removed, List<String> changed) {
        public Change {
            added = List.copyOf(added);
            removed = List.copyOf(removed);
            changed = List.copyOf(changed);
        }

        public boolean isEmpty() {
            return added.isEmpty() && removed.isEmpty() && changed.isEmpty();
        }
    }

    public static ConfigDiff between(ConfigSet before, ConfigSet after) {
        return new ConfigDiff(
                compare(byKey(before.partners(), PartnerSettings::id), byKey(after.partners(), PartnerSettings::id)),
                compare(byKey(before.routes(), RouteSpec::routeId), byKey(after.routes(), RouteSpec::routeId)),
                // Keyed by id: a new version of an agreement is a change of it, to be approved again.
                compare(byKey(before.agreements(), Agreement::id), byKey(after.agreements(), Agreement::id)),
                compare(areas(before.areaRouting()), areas(after.areaRouting())));
    }

    public boolean isEmpty() {
        return partners.isEmpty() && routes.isEmpty() && agreements.isEmpty() && areas.isEmpty();
    }

    /** The routing table's entries keyed "district NR1" and "practice A81001", each to what it routes to. */
    private static Map<String, Object> areas(AreaRouting routing) {
        Map<String, Object> entries = new java.util.HashMap<>();
        routing.byPostcodeDistrict().forEach((district, ids) -> entries.put("district " + district, ids));
        routing.byPractice().forEach((practice, id) -> entries.put("practice " + practice, id));
        return entries;
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toMap(key, Function.identity(), (a, b) -> a));
    }

    private static <T> Change compare(Map<String, T> before, Map<String, T> after) {
        List<String> added = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        for (var entry : after.entrySet()) {
            T earlier = before.get(entry.getKey());
            if (earlier == null) {
                added.add(entry.getKey());
            } else if (!Objects.equals(earlier, entry.getValue())) {
                changed.add(entry.getKey());
            }
        }
        Set<String> removed = new TreeSet<>(before.keySet());
        removed.removeAll(after.keySet());
        added.sort(null);
        changed.sort(null);
        return new Change(added, List.copyOf(removed), changed);
    }
}
