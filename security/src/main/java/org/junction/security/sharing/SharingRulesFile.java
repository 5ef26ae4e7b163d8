package org.junction.security.sharing;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads {@code sharing-rules.yaml}:
 * <pre>
 * rules:
 *   - from: police-demo        # sending partner id
 *     to: gp-demo              # receiving partner id
 *     purposes: [PATSFTY, COC] # purpose-of-use codes
 * </pre>
 * Every problem names the file, the rule's position and the key, so an admin can fix it.
 */
public final class SharingRulesFile {

    private SharingRulesFile() {
    }

    /**
     * @param senders   partner ids that may appear as {@code from}
     * @param receivers partner ids the hub can deliver to (they have a sink): a rule to any other
     *                  partner would permit messages that then wait for ever
     */
    public static SharingRules parse(String yaml, String fileName, Set<String> senders, Set<String> receivers) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new IllegalArgumentException(fileName + ": not valid YAML", e);
        }
        if (root == null) {
            return new SharingRules(List.of());
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("rules") instanceof List<?> entries)) {
            throw new IllegalArgumentException(fileName + ": expected a top-level 'rules' list");
        }
        List<SharingRule> rules = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String at = fileName + ": rules[" + i + "]";
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new IllegalArgumentException(at + ": expected a mapping with from, to and purposes");
            }
            String from = partner(entry, "from", at, senders, "no partner '%s' is configured");
            String to = partner(entry, "to", at, receivers, "partner '%s' is not configured to receive (no endpoint)");
            if (!(entry.get("purposes") instanceof List<?> purposes) || purposes.isEmpty()) {
                throw new IllegalArgumentException(at + ".purposes: a non-empty list of purpose codes is required");
            }
            Set<String> codes = new LinkedHashSet<>();
            purposes.forEach(p -> codes.add(String.valueOf(p)));
            rules.add(new SharingRule(from, to, codes));
        }
        return new SharingRules(rules);
    }

    private static String partner(Map<?, ?> entry, String key, String at, Set<String> allowed, String refusal) {
        Object value = entry.get(key);
        if (!(value instanceof String id) || id.isBlank()) {
            throw new IllegalArgumentException(at + "." + key + ": a partner id is required");
        }
        if (!allowed.contains(id)) {
            throw new IllegalArgumentException(at + "." + key + ": " + refusal.formatted(id));
        }
        return id;
    }
}
