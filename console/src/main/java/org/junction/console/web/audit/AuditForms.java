package org.junction.console.web.audit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.console.audit.AuditRequests;
import org.junction.console.web.ConsolePaths;
import org.junction.console.web.FormErrors;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/**
 * What the audit pages share: their paths, the form fields they read into the audit API's own
 * parameter rules, and the API's field errors as the page's, each under the field's label.
 */
final class AuditForms {

    static final String ROOT = ConsolePaths.ROOT + "/audit";

    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("nhsNumber", "NHS number"), Map.entry("policeId", "Police person id"),
            Map.entry("councilId", "Council person id"), Map.entry("issuer", "Issued by"),
            Map.entry("identifier", "Identifier"), Map.entry("identifierSystem", "Identifier system"),
            Map.entry("partner", "Partner"), Map.entry("purpose", "Purpose"), Map.entry("basisKind", "Basis"),
            Map.entry("outcome", "Outcome"), Map.entry("decision", "Outcome"), Map.entry("eventType", "Event type"),
            Map.entry("from", "From"), Map.entry("to", "To"), Map.entry("page", "Page"), Map.entry("size", "Page size"),
            Map.entry("reason", "Reason"));

    private AuditForms() {
    }

    /** The named fields as posted, trimmed of nothing: the API's rules do their own stripping. */
    static Map<String, String> fields(HttpServletRequest request, List<String> names) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String name : names) {
            String value = request.getParameter(name);
            if (value != null) {
                fields.put(name, value);
            }
        }
        return fields;
    }

    /** The API's errors on the form's fields; a field the form does not have is shown against the first one. */
    static FormErrors errors(List<AuditRequests.FieldError> found, List<String> formFields) {
        FormErrors errors = new FormErrors();
        for (AuditRequests.FieldError e : found) {
            String field = e.field().equals("decision") ? "outcome" : e.field();
            String label = LABELS.getOrDefault(field, field);
            errors.add(formFields.contains(field) ? field : formFields.get(0), label + ": " + e.reason());
        }
        return errors;
    }

    /** An id from the address; anything that is not one is a page that does not exist. */
    static UUID id(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notAnId) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    /** What the form shows again: the fields as posted, blank for any too long to be a value. */
    static Map<String, String> shownAgain(Map<String, String> fields) {
        Map<String, String> shown = new LinkedHashMap<>();
        fields.forEach((k, v) -> shown.put(k, v == null || v.length() > AuditRequests.MAX_REASON ? "" : v));
        return shown;
    }
}
