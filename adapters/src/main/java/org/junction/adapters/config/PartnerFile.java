package org.junction.adapters.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junction.adapters.partner.DeliveryPolicy;
import org.junction.adapters.partner.PartnerKind;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.adapters.spi.AdapterSettings;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads one partner file:
 * <pre>
 * id: volunteer-north            # stable id: queues, ledger records and rules use it
 * name: North Befrienders
 * kind: VOLUNTEER                # POLICE, COUNCIL, MASH, HEALTH, VOLUNTEER
 * organisation: north-befrienders # the organisation it belongs to (optional; the id when absent)
 * api-key-sha256: 3f5a...        # hex SHA-256 of the key the partner presents; never the key
 * client-certificates:           # SHA-256 fingerprints of its TLS client certificates (optional;
 *   - 9c1e...                    #   at most two: old and new while one is rotated)
 * token-subjects: [north-client] # client_id (or sub) of bearer tokens from the trusted issuer (optional)
 * sources:                       # how the partner sends (optional)
 *   - type: rest-json
 *     mapper: volunteer-outcome-json-v1
 * sink:                          # how the hub delivers to it (optional)
 *   type: webhook
 *   endpoint: https://north.example/junction
 *   mapper: volunteer-stepdown-json-v1
 *   credentials: env:NORTH_WEBHOOK_SECRET
 *   options: { }                 # type-specific
 * delivery:                      # retries, where they differ from hub.delivery.* (optional)
 *   maximum-redeliveries: 20
 *   initial-delay: 5s
 *   multiplier: 2.0
 *   maximum-delay: 10m
 * </pre>
 * Reading checks shape only (keys, types, syntax); whether an adapter can use its settings is its
 * type's business. Every problem is collected, not just the first.
 */
final class PartnerFile {

    static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    static final Pattern KEY_HASH = Pattern.compile("[0-9a-f]{64}");
    static final int MAX_CLIENT_CERTIFICATES = 2;
    /** A client id as identity providers issue them: no spaces, no control characters. */
    static final Pattern TOKEN_SUBJECT = Pattern.compile("[\\x21-\\x7e]{1,255}");
    private static final Set<String> TOP_KEYS = Set.of("id", "name", "kind", "organisation", "api-key-sha256",
            "client-certificates", "sources", "sink", "delivery", "token-subjects");
    private static final Set<String> DELIVERY_KEYS = Set.of("maximum-redeliveries", "initial-delay", "multiplier",
            "maximum-delay");
    private static final Set<String> ADAPTER_KEYS = Set.of("type", "endpoint", "mapper", "credentials", "options");

    private final String file;
    private final List<ConfigProblem> problems;
    private String partnerId;

    private PartnerFile(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /** @return the settings, or null when the file is too broken to read further (problems say why) */
    static PartnerSettings read(String yaml, String file, List<ConfigProblem> problems) {
        return new PartnerFile(file, problems).read(yaml);
    }

    private PartnerSettings read(String yaml) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            // The parser's message quotes the offending line, which may hold a secret pasted inline.
            problem(null, "not valid YAML");
            return null;
        }
        if (!(root instanceof Map<?, ?> top)) {
            problem(null, "expected a mapping with id, name, kind, sources and sink");
            return null;
        }
        Object idValue = top.get("id");
        if (idValue instanceof String id && ID.matcher(id).matches()) {
            partnerId = id;
        } else {
            problem("id", "required: lower-case letters, digits and hyphens, 2 to 63 characters");
        }
        unknownKeys(top, TOP_KEYS, "");
        String name = text(top, "name", "");
        if (name == null) {
            problem("name", "required: the organisation's display name");
        }
        PartnerKind kind = null;
        Object kindValue = top.get("kind");
        try {
            kind = kindValue == null ? null : PartnerKind.valueOf(String.valueOf(kindValue).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException unknown) {
            // reported below
        }
        if (kind == null) {
            problem("kind", "required: one of " + java.util.Arrays.toString(PartnerKind.values()));
        }
        String organisation = text(top, "organisation", "");
        if (organisation != null && !ID.matcher(organisation).matches()) {
            problem("organisation", "lower-case letters, digits and hyphens, 2 to 63 characters");
            organisation = null;
        }
        String keyHash = text(top, "api-key-sha256", "");
        if (keyHash != null && !KEY_HASH.matcher(keyHash).matches()) {
            problem("api-key-sha256", "64 lower-case hex digits: the SHA-256 of the key, never the key itself");
            keyHash = null;
        }
        List<AdapterSettings> sources = new ArrayList<>();
        Object sourcesValue = top.get("sources");
        if (sourcesValue instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                AdapterSettings source = adapter(list.get(i), "sources[" + i + "]");
                if (source != null) {
                    sources.add(source);
                }
            }
        } else if (sourcesValue != null) {
            problem("sources", "expected a list of adapters");
        }
        AdapterSettings sink = top.get("sink") == null ? null : adapter(top.get("sink"), "sink");
        if (sourcesValue == null && top.get("sink") == null) {
            problem(null, "a partner needs at least one source or a sink");
        }
        DeliveryPolicy delivery = top.get("delivery") == null ? null : delivery(top.get("delivery"));
        return new PartnerSettings(partnerId, name, kind, keyHash, sources, sink, delivery,
                clientCertificates(top.get("client-certificates")), organisation, tokenSubjects(top.get("token-subjects")));
    }

    private List<String> tokenSubjects(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problem("token-subjects", "expected a list of client ids (the tokens' client_id or sub claim)");
            return List.of();
        }
        List<String> subjects = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String subject = list.get(i) instanceof String text ? text.strip() : null;
            if (subject == null || !TOKEN_SUBJECT.matcher(subject).matches()) {
                problem("token-subjects[" + i + "]", "a client id: 1 to 255 printable characters, no spaces");
            } else if (subjects.contains(subject)) {
                problem("token-subjects[" + i + "]", "listed twice");
            } else {
                subjects.add(subject);
            }
        }
        return subjects;
    }

    /** Fingerprints as tools print them (upper case, colon-separated) are accepted and normalised. */
    private List<String> clientCertificates(Object value) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            problem("client-certificates", "expected a list of SHA-256 certificate fingerprints");
            return List.of();
        }
        List<String> fingerprints = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            String fingerprint = item instanceof String text
                    ? text.strip().replace(":", "").toLowerCase(Locale.ROOT) : null;
            if (fingerprint == null || !KEY_HASH.matcher(fingerprint).matches()) {
                problem("client-certificates[" + i + "]", "64 hex digits: the SHA-256 fingerprint of the certificate");
            } else if (fingerprints.contains(fingerprint)) {
                problem("client-certificates[" + i + "]", "listed twice");
            } else {
                fingerprints.add(fingerprint);
            }
        }
        if (fingerprints.size() > MAX_CLIENT_CERTIFICATES) {
            problem("client-certificates", "at most " + MAX_CLIENT_CERTIFICATES
                    + " (the current certificate and its successor while it is rotated)");
        }
        return fingerprints;
    }

    private DeliveryPolicy delivery(Object value) {
        if (!(value instanceof Map<?, ?> map)) {
            problem("delivery", "expected a mapping with " + new java.util.TreeSet<>(DELIVERY_KEYS));
            return null;
        }
        unknownKeys(map, DELIVERY_KEYS, "delivery.");
        Integer redeliveries = null;
        String text = text(map, "maximum-redeliveries", "delivery.");
        if (text != null) {
            try {
                redeliveries = Integer.valueOf(text);
            } catch (NumberFormatException e) {
                redeliveries = -1;
            }
            if (redeliveries < 0 || redeliveries > 1000) {
                problem("delivery.maximum-redeliveries", "a whole number from 0 to 1000");
                redeliveries = null;
            }
        }
        Double multiplier = null;
        text = text(map, "multiplier", "delivery.");
        if (text != null) {
            try {
                multiplier = Double.valueOf(text);
            } catch (NumberFormatException e) {
                multiplier = 0.0;
            }
            if (multiplier < 1.0 || multiplier > 10.0) {
                problem("delivery.multiplier", "a number from 1.0 to 10.0");
                multiplier = null;
            }
        }
        return new DeliveryPolicy(redeliveries, duration(map, "initial-delay"), multiplier,
                duration(map, "maximum-delay"));
    }

    private java.time.Duration duration(Map<?, ?> map, String key) {
        String text = text(map, key, "delivery.");
        if (text == null) {
            return null;
        }
        try {
            java.time.Duration duration = org.springframework.boot.convert.DurationStyle.detectAndParse(text);
            if (!duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        problem("delivery." + key, "a positive duration such as 500ms, 30s or 5m");
        return null;
    }

    private AdapterSettings adapter(Object value, String at) {
        if (!(value instanceof Map<?, ?> map)) {
            problem(at, "expected a mapping with type, endpoint, mapper, credentials and options");
            return null;
        }
        unknownKeys(map, ADAPTER_KEYS, at + ".");
        String type = text(map, "type", at + ".");
        if (type == null) {
            problem(at + ".type", "required: the adapter type");
        }
        Map<String, String> options = new LinkedHashMap<>();
        Object optionsValue = map.get("options");
        if (optionsValue instanceof Map<?, ?> given) {
            given.forEach((k, v) -> {
                if (v instanceof Map<?, ?> || v instanceof List<?>) {
                    problem(at + ".options." + k, "expected a single value");
                } else if (v != null) {
                    options.put(String.valueOf(k), String.valueOf(v));
                }
            });
        } else if (optionsValue != null) {
            problem(at + ".options", "expected a mapping");
        }
        return new AdapterSettings(type, text(map, "endpoint", at + "."), text(map, "mapper", at + "."),
                text(map, "credentials", at + "."), options);
    }

    private String text(Map<?, ?> map, String key, String prefix) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> || value instanceof List<?>) {
            problem(prefix + key, "expected a single value");
            return null;
        }
        String text = String.valueOf(value).strip();
        return text.isEmpty() ? null : text;
    }

    private void unknownKeys(Map<?, ?> map, Set<String> known, String prefix) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problem(prefix + key, "unknown key (expected one of " + known.stream().sorted().toList() + ")");
            }
        }
    }

    private void problem(String key, String reason) {
        problems.add(new ConfigProblem(file, partnerId, key, reason));
    }
}
