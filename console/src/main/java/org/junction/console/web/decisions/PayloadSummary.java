package org.junction.console.web.decisions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The minimised referral a decision-maker is asked to release, as readable sections (one per FHIR
 * resource of the Bundle) of labelled values, instead of raw JSON. Pure: no I/O, no logging.
 */
public final class PayloadSummary {

    /** Housekeeping a reader does not decide on; the narrative's XHTML is never rendered as markup. */
    static final Set<String> SKIPPED = Set.of("resourceType", "meta", "text", "fullUrl");
    static final int MAX_ROWS = 400;
    private static final ObjectMapper JSON = new ObjectMapper();

    public record Row(String label, String value) {
    }

    public record Section(String title, List<Row> rows) {
    }

    private PayloadSummary() {
    }

    /** The sections of a Bundle (or of a single resource); one "Payload" section when it is not JSON. */
    public static List<Section> of(String payload) {
        if (payload == null || payload.isBlank()) {
            return List.of();
        }
        JsonNode root;
        try {
            root = JSON.readTree(payload);
        } catch (IOException notJson) {
            return List.of(new Section("Payload", List.of(new Row("Content", payload))));
        }
        List<Section> sections = new ArrayList<>();
        JsonNode entries = root.path("entry");
        if ("Bundle".equals(root.path("resourceType").asText()) && entries.isArray()) {
            for (JsonNode entry : entries) {
                JsonNode resource = entry.path("resource");
                if (resource.isObject()) {
                    sections.add(section(resource));
                }
            }
        } else if (root.isObject()) {
            sections.add(section(root));
        }
        return sections;
    }

    private static Section section(JsonNode resource) {
        List<Row> rows = new ArrayList<>();
        flatten("", resource, rows);
        return new Section(words(resource.path("resourceType").asText("Resource")), rows);
    }

    private static void flatten(String label, JsonNode node, List<Row> rows) {
        if (rows.size() >= MAX_ROWS) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> {
                if (!SKIPPED.contains(field.getKey())) {
                    flatten(join(label, words(field.getKey())), field.getValue(), rows);
                }
            });
        } else if (node.isArray()) {
            int i = 1;
            for (JsonNode item : node) {
                flatten(node.size() > 1 ? label + " " + i : label, item, rows);
                i++;
            }
        } else if (!node.isNull()) {
            rows.add(new Row(label, node.asText()));
        }
    }

    private static String join(String parent, String child) {
        return parent.isEmpty() ? child : parent + " / " + child;
    }

    /** "birthDate" reads "birth date"; "ServiceRequest" reads "Service request". */
    static String words(String name) {
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
        return spaced.isEmpty() ? spaced : Character.toUpperCase(spaced.charAt(0)) + spaced.substring(1);
    }
}
