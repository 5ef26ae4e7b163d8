package org.junction.adapters.config;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junction.adapters.partner.PartnerKind;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.security.governance.routing.AreaRouting;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.DuplicateKeyException;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads the area routing table, {@code area-routing.yaml}:
 * <pre>
 * postcode-districts:            # outward code -> the council and MASH partners covering it
 *   NR1: [norfolk-council, norfolk-mash]
 *   NR2: [norfolk-council]
 * practices:                     # registered GP practice ODS code -> the practice's partner
 *   D82001: castle-street-surgery
 * </pre>
 * Every partner named must be configured and able to receive (have a sink), districts may name
 * only COUNCIL and MASH partners and practices only HEALTH partners, since that is all the
 * resolver asks the table about. A district or practice appears once (case does not make a new one).
 */
final class AreaRoutingFile {

    static final String FILE = "area-routing.yaml";
    /** A UK postcode outward code: area letters, district digit, optional letter or digit (SW1A, NR1, M60). */
    static final Pattern DISTRICT = Pattern.compile("[A-Z]{1,2}[0-9][A-Z0-9]?");
    /** A GP practice ODS code: one letter and five digits (A81001). */
    static final Pattern PRACTICE = Pattern.compile("[A-Z][0-9]{5}");
    private static final Set<String> TOP_KEYS = Set.of("postcode-districts", "practices");
    private static final Set<PartnerKind> AREA_KINDS = Set.of(PartnerKind.COUNCIL, PartnerKind.MASH);

    private AreaRoutingFile() {
    }

    /**
     * @param partners every usable configured partner by id
     * @param named    ids named by a partner file, usable or not (their problems are reported there)
     * @return the table, or null when the file has problems (added to {@code problems})
     */
    static AreaRouting read(String yaml, Map<String, PartnerSettings> partners, Set<String> named,
                            List<ConfigProblem> problems) {
        int before = problems.size();
        Object root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).load(yaml);
        } catch (DuplicateKeyException e) {
            problems.add(new ConfigProblem(FILE, null, null, e.getProblem() + ": each key appears once"));
            return null;
        } catch (YAMLException e) {
            problems.add(new ConfigProblem(FILE, null, null, "not valid YAML"));
            return null;
        }
        if (root == null) {
            return new AreaRouting(Map.of(), Map.of());
        }
        if (!(root instanceof Map<?, ?> top)) {
            problems.add(new ConfigProblem(FILE, null, null,
                    "expected a mapping with postcode-districts and practices"));
            return null;
        }
        for (Object key : top.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(key))) {
                problems.add(new ConfigProblem(FILE, null, String.valueOf(key),
                        "unknown key (known: " + TOP_KEYS + ")"));
            }
        }
        Map<String, List<String>> districts = new LinkedHashMap<>();
        Map<String, String> districtKeys = new HashMap<>();
        for (var entry : mapping(top.get("postcode-districts"), "postcode-districts", problems).entrySet()) {
            String at = "postcode-districts." + entry.getKey();
            String district = entry.getKey().strip().toUpperCase(Locale.ROOT);
            if (!DISTRICT.matcher(district).matches()) {
                problems.add(new ConfigProblem(FILE, null, at,
                        "not a postcode district (outward code such as NR1 or SW1A)"));
                continue;
            }
            String earlier = districtKeys.putIfAbsent(district, entry.getKey());
            if (earlier != null) {
                problems.add(new ConfigProblem(FILE, null, at, "duplicate of district '" + earlier + "'"));
                continue;
            }
            List<?> ids = entry.getValue() instanceof List<?> list ? list
                    : entry.getValue() instanceof String single ? List.of(single) : null;
            if (ids == null || ids.isEmpty()) {
                problems.add(new ConfigProblem(FILE, null, at, "expected a partner id or a list of partner ids"));
                continue;
            }
            Set<String> seen = new LinkedHashSet<>();
            for (Object id : ids) {
                String partnerId = String.valueOf(id);
                if (!seen.add(partnerId)) {
                    problems.add(new ConfigProblem(FILE, partnerId, at, "partner listed twice for one district"));
                } else {
                    receiver(partnerId, AREA_KINDS, at, partners, named, problems);
                }
            }
            districts.put(district, List.copyOf(seen));
        }
        Map<String, String> practices = new LinkedHashMap<>();
        Map<String, String> practiceKeys = new HashMap<>();
        for (var entry : mapping(top.get("practices"), "practices", problems).entrySet()) {
            String at = "practices." + entry.getKey();
            String practice = entry.getKey().strip().toUpperCase(Locale.ROOT);
            if (!PRACTICE.matcher(practice).matches()) {
                problems.add(new ConfigProblem(FILE, null, at,
                        "not a GP practice ODS code (a letter and five digits, such as A81001)"));
                continue;
            }
            String earlier = practiceKeys.putIfAbsent(practice, entry.getKey());
            if (earlier != null) {
                problems.add(new ConfigProblem(FILE, null, at, "duplicate of practice '" + earlier + "'"));
                continue;
            }
            if (!(entry.getValue() instanceof String partnerId)) {
                problems.add(new ConfigProblem(FILE, null, at, "expected one partner id"));
                continue;
            }
            receiver(partnerId, Set.of(PartnerKind.HEALTH), at, partners, named, problems);
            practices.put(practice, partnerId);
        }
        return problems.size() > before ? null : new AreaRouting(districts, practices);
    }

    private static void receiver(String partnerId, Set<PartnerKind> kinds, String at,
                                 Map<String, PartnerSettings> partners, Set<String> named,
                                 List<ConfigProblem> problems) {
        PartnerSettings partner = partners.get(partnerId);
        if (partner == null) {
            if (!named.contains(partnerId)) {
                problems.add(new ConfigProblem(FILE, partnerId, at, "unknown partner"));
            }
            return;
        }
        if (partner.sink() == null) {
            problems.add(new ConfigProblem(FILE, partnerId, at, "partner cannot receive (it has no sink)"));
        } else if (!kinds.contains(partner.kind())) {
            problems.add(new ConfigProblem(FILE, partnerId, at, "partner is " + partner.kind() + "; expected one of "
                    + kinds.stream().map(Enum::name).sorted().toList()));
        }
    }

    private static Map<String, Object> mapping(Object value, String key, List<ConfigProblem> problems) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add(new ConfigProblem(FILE, null, key, "expected a mapping"));
            return Map.of();
        }
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }
}
