package org.junction.mappings.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junction.mappings.problem.Violation;

/**
 * Validates partner JSON against the format's published JSON Schema
 * ({@code /schemas/<mapper-id>.schema.json} on the classpath) before any mapping, and turns each
 * failure into a {@link Violation} naming the field. Reasons are written here from the failed
 * keyword, never taken from the validator's message, which may quote the value.
 */
public final class JsonSchemas {

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private static final Map<String, JsonSchema> CACHE = new ConcurrentHashMap<>();

    private JsonSchemas() {
    }

    /** The violations of {@code document} against the schema of {@code mapperId}, in field order. */
    public static List<Violation> validate(String mapperId, JsonNode document) {
        JsonSchema schema = CACHE.computeIfAbsent(mapperId, JsonSchemas::load);
        Set<ValidationMessage> messages = schema.validate(document);
        return messages.stream()
                .map(m -> toViolation(mapperId, m))
                .distinct()
                .sorted(Comparator.comparing(Violation::field))
                .toList();
    }

    /** Whether a schema is published for this format. */
    public static boolean has(String mapperId) {
        return JsonSchemas.class.getResource(resource(mapperId)) != null;
    }

    private static JsonSchema load(String mapperId) {
        try (InputStream in = JsonSchemas.class.getResourceAsStream(resource(mapperId))) {
            if (in == null) {
                throw new IllegalStateException("no JSON Schema published for " + mapperId);
            }
            return FACTORY.getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String resource(String mapperId) {
        return "/schemas/" + mapperId + ".schema.json";
    }

    private static Violation toViolation(String mapperId, ValidationMessage m) {
        String location = fieldPath(m.getInstanceLocation().toString());
        String property = m.getProperty();
        return switch (m.getType()) {
            case "required" -> Violation.malformed(join(location, property), "is required");
            case "additionalProperties" -> Violation.malformed(join(location, printable(property)),
                    "is not part of " + mapperId);
            case "type" -> Violation.malformed(location, "has the wrong type");
            case "enum", "const" -> Violation.rule(location, "is not one of the codes " + mapperId + " allows");
            case "maxLength", "maxItems", "maximum", "exclusiveMaximum" -> Violation.rule(location, "is too large");
            case "minLength", "minItems" -> Violation.malformed(location, "is empty or too short");
            case "minimum", "exclusiveMinimum" -> Violation.rule(location, "is below the allowed minimum");
            case "pattern", "format" -> Violation.malformed(location, "is not in the required format");
            default -> Violation.malformed(location, "does not match the " + mapperId + " schema (" + m.getType() + ")");
        };
    }

    /** "$.subject.names[0].family" becomes "subject.names[0].family"; the whole document stays "$". */
    static String fieldPath(String instanceLocation) {
        if (instanceLocation == null || instanceLocation.equals("$")) {
            return "$";
        }
        return instanceLocation.startsWith("$.") ? instanceLocation.substring(2) : instanceLocation;
    }

    private static String join(String location, String property) {
        if (property == null) {
            return location;
        }
        return "$".equals(location) ? property : location + "." + property;
    }

    // An unexpected property name could itself be personal data: report it only when it looks like a name.
    private static String printable(String property) {
        return property != null && property.matches("[A-Za-z_][A-Za-z0-9_-]{0,63}") ? property : "?";
    }
}
