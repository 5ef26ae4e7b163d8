package org.junction.mappings.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junction.mappings.problem.Violation;

/**
 * Reads the fields of one JSON object for a hand-written validator. Every problem is added to a
 * shared list instead of thrown, so one pass reports all of them; a getter then returns null and
 * the caller carries on. Reasons never quote the offending value.
 *
 * <p>Absent and JSON {@code null} are treated alike. Strings are stripped of surrounding
 * whitespace, and a blank optional string counts as absent.
 */
public final class ObjectFields {

    /** Field path used for a problem with the document as a whole. */
    public static final String DOCUMENT = "$";

    // A property name is reported in a path only when it looks like one: an unexpected key could
    // itself carry personal data, and a path must never do that.
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");

    private final JsonNode node;
    private final String path;
    private final List<Violation> violations;

    private ObjectFields(JsonNode node, String path, List<Violation> violations) {
        this.node = node;
        this.path = path;
        this.violations = violations;
    }

    /** The document's top-level object, or null (with a violation recorded) when it is not an object. */
    public static ObjectFields root(JsonNode document, List<Violation> violations) {
        if (document == null || !document.isObject()) {
            violations.add(Violation.malformed(DOCUMENT, "must be a JSON object"));
            return null;
        }
        return new ObjectFields(document, "", violations);
    }

    /** Path of a field of this object, as used in violations. */
    public String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** Path of one item of an array field of this object. */
    public String path(String name, int index) {
        return path(name) + "[" + index + "]";
    }

    public void malformed(String field, String reason) {
        violations.add(Violation.malformed(field, reason));
    }

    public void rule(String field, String reason) {
        violations.add(Violation.rule(field, reason));
    }

    /** Reports each property not in {@code known}. */
    public void rejectUnknown(Set<String> known, String reason) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                String shown = PRINTABLE_NAME.matcher(name).matches() ? name : "?";
                malformed(path(shown), reason);
            }
        }
    }

    /** True when the field is missing, JSON null or a blank string. */
    public boolean isAbsent(String name) {
        JsonNode value = present(name);
        return value == null || value.isTextual() && value.textValue().isBlank();
    }

    public String requiredText(String name) {
        JsonNode value = present(name);
        if (value == null) {
            malformed(path(name), "is required");
            return null;
        }
        return text(name, value, true);
    }

    public String optionalText(String name) {
        JsonNode value = present(name);
        return value == null ? null : text(name, value, false);
    }

    /** A required string from a closed list; a value outside it breaks a rule rather than the syntax. */
    public String requiredCode(String name, Set<String> allowed) {
        return code(name, requiredText(name), allowed);
    }

    public String optionalCode(String name, Set<String> allowed, String fallback) {
        JsonNode value = present(name);
        String text = value == null ? null : text(name, value, false);
        return text == null ? fallback : code(name, text, allowed);
    }

    public ObjectFields requiredObject(String name) {
        JsonNode value = present(name);
        if (value == null) {
            malformed(path(name), "is required");
            return null;
        }
        return object(name, value);
    }

    public ObjectFields optionalObject(String name) {
        JsonNode value = present(name);
        return value == null ? null : object(name, value);
    }

    /**
     * A required array of non-blank strings with at least one item. Returns null when anything
     * about it is wrong, reporting each bad item by index.
     */
    public List<String> requiredTextArray(String name) {
        JsonNode value = present(name);
        if (value == null) {
            malformed(path(name), "is required");
            return null;
        }
        if (!value.isArray()) {
            malformed(path(name), "must be an array of strings");
            return null;
        }
        if (value.isEmpty()) {
            malformed(path(name), "must have at least one item");
            return null;
        }
        List<String> items = new ArrayList<>(value.size());
        boolean ok = true;
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                malformed(path(name, i), "must be a string");
                ok = false;
            } else if (item.textValue().isBlank()) {
                malformed(path(name, i), "must not be blank");
                ok = false;
            } else {
                items.add(item.textValue().strip());
            }
        }
        return ok ? List.copyOf(items) : null;
    }

    /** An optional whole number of at least zero; a negative number breaks a rule rather than the syntax. */
    public Integer optionalNonNegativeInt(String name) {
        JsonNode value = present(name);
        if (value == null) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            malformed(path(name), "must be a whole number");
            return null;
        }
        if (value.intValue() < 0) {
            rule(path(name), "must not be negative");
            return null;
        }
        return value.intValue();
    }

    /** A required calendar date, {@code YYYY-MM-DD}. */
    public LocalDate requiredDate(String name) {
        String text = requiredText(name);
        if (text == null) {
            return null;
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            malformed(path(name), "must be a date in the form YYYY-MM-DD");
            return null;
        }
    }

    /** An optional ISO-8601 instant with a zone offset ({@code 2026-11-20T10:15:00Z}). */
    public Instant optionalInstant(String name) {
        String text = optionalText(name);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            malformed(path(name), "must be an ISO-8601 date-time with a zone offset");
            return null;
        }
    }

    private JsonNode present(String name) {
        JsonNode value = node.get(name);
        return value == null || value.isNull() ? null : value;
    }

    private String text(String name, JsonNode value, boolean required) {
        if (!value.isTextual()) {
            malformed(path(name), "must be a string");
            return null;
        }
        String text = value.textValue().strip();
        if (text.isEmpty()) {
            if (required) {
                malformed(path(name), "must not be blank");
            }
            return null;
        }
        return text;
    }

    private String code(String name, String value, Set<String> allowed) {
        if (value == null) {
            return null;
        }
        if (!allowed.contains(value)) {
            rule(path(name), "is not a known code");
            return null;
        }
        return value;
    }

    private ObjectFields object(String name, JsonNode value) {
        if (!value.isObject()) {
            malformed(path(name), "must be an object");
            return null;
        }
        return new ObjectFields(value, path(name), violations);
    }
}
