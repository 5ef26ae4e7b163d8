package org.junction.console.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.security.audit.LedgerEventType;

/**
 * Reads the audit API's parameters into criteria, naming each field at fault. Messages name the
 * field and what is wrong, never the value: the value may be the identifier being protected.
 */
public final class AuditRequests {

    public static final int MIN_REASON = 10;
    public static final int MAX_REASON = 1000;
    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 200;
    /** Deep paging is a scan in disguise; a narrower search is the answer. */
    static final int MAX_PAGE = 1000;

    static final Set<String> SUBJECT_FIELDS = Set.of("nhsNumber", "policeId", "councilId", "issuer",
            "identifierSystem", "identifier");
    static final Set<String> SEARCH_FIELDS = Set.of("nhsNumber", "policeId", "councilId", "issuer",
            "identifierSystem", "identifier", "partner", "purpose", "basisKind", "outcome", "decision", "eventType",
            "from", "to", "page", "size", "reason");
    public static final Set<String> BASIS_KINDS = Set.of("CONSENT_AGREEMENT", "OVERRIDE", "VITAL_INTERESTS",
            "STATUTORY_DUTY");

    private static final Pattern PARTNER_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,31}");
    private static final Pattern SYSTEM = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:[^\\s|]{1,250}");
    // Council person ids are only unique within one council, like police nominal ids within one force.
    private static final String LA_PERSON = JunctionSystems.BASE + "/Id/la-person/";

    /** A field at fault and why. */
    public record FieldError(String field, String reason) {
        Map<String, String> asMap() {
            return Map.of("field", field, "reason", reason);
        }
    }

    private AuditRequests() {
    }

    static void unknownFields(Map<String, String> params, Set<String> known, List<FieldError> errors) {
        params.keySet().stream().filter(k -> !known.contains(k)).sorted()
                .forEach(k -> errors.add(new FieldError(k, "not a parameter of this request")));
    }

    public static String reason(Map<String, String> params, List<FieldError> errors) {
        String reason = params.getOrDefault("reason", "");
        reason = reason == null ? "" : reason.strip();
        if (reason.length() < MIN_REASON || reason.length() > MAX_REASON) {
            errors.add(new FieldError("reason", "required, " + MIN_REASON + " to " + MAX_REASON + " characters"));
            return null;
        }
        return reason;
    }

    /** The subject, or null when none was given; {@code required} adds an error for none. */
    public static AuditLedger.Subject subject(Map<String, String> params, boolean required, List<FieldError> errors) {
        List<String> given = new ArrayList<>();
        for (String field : List.of("nhsNumber", "policeId", "councilId", "identifier")) {
            if (present(params, field)) {
                given.add(field);
            }
        }
        if (given.size() > 1) {
            errors.add(new FieldError(given.get(1), "give one subject identifier only"));
            return null;
        }
        if (given.isEmpty()) {
            if (required) {
                errors.add(new FieldError("nhsNumber", "a subject identifier is required (nhsNumber, policeId or "
                        + "councilId with issuer, or identifierSystem with identifier)"));
            }
            for (String stray : List.of("issuer", "identifierSystem")) {
                if (present(params, stray)) {
                    errors.add(new FieldError(stray, "only with a subject identifier"));
                }
            }
            return null;
        }
        String field = given.get(0);
        String value = params.get(field).strip();
        if (value.length() > 128) {
            errors.add(new FieldError(field, "longer than any identifier"));
            return null;
        }
        switch (field) {
            case "nhsNumber" -> {
                if (!NhsNumber.isValid(value)) {
                    errors.add(new FieldError(field, "not a valid NHS number (ten digits with a valid check digit)"));
                    return null;
                }
                return new AuditLedger.Subject("NHS_NUMBER", JunctionSystems.NHS_NUMBER, NhsNumber.normalise(value));
            }
            case "policeId", "councilId" -> {
                String issuer = params.get("issuer");
                if (issuer == null || !PARTNER_ID.matcher(issuer.strip()).matches()) {
                    errors.add(new FieldError("issuer", "the partner id of the force or council that issued the "
                            + field + " (its ids are unique only within it)"));
                    return null;
                }
                return field.equals("policeId")
                        ? new AuditLedger.Subject("POLICE_ID", JunctionSystems.policeNominal(issuer.strip()), value)
                        : new AuditLedger.Subject("COUNCIL_ID", LA_PERSON + issuer.strip(), value);
            }
            default -> {
                String system = params.get("identifierSystem");
                if (system == null || !SYSTEM.matcher(system.strip()).matches()) {
                    errors.add(new FieldError("identifierSystem", "an identifier system URI is required with identifier"));
                    return null;
                }
                return new AuditLedger.Subject("OTHER", system.strip(), value);
            }
        }
    }

    public static AuditLedger.SearchCriteria search(Map<String, String> params, List<FieldError> errors) {
        unknownFields(params, SEARCH_FIELDS, errors);
        AuditLedger.Subject subject = subject(params, false, errors);
        String partner = matching(params, "partner", PARTNER_ID, false, errors);
        String purpose = upper(matching(params, "purpose", CODE, true, errors));
        String basisKind = upper(matching(params, "basisKind", CODE, true, errors));
        if (basisKind != null && !BASIS_KINDS.contains(basisKind)) {
            errors.add(new FieldError("basisKind", "one of " + String.join(", ", BASIS_KINDS.stream().sorted().toList())));
        }
        if (present(params, "outcome") && present(params, "decision")) {
            errors.add(new FieldError("decision", "give outcome or decision, not both"));
        }
        String outcomeField = present(params, "decision") ? "decision" : "outcome";
        String outcome = upper(matching(params, outcomeField, CODE, true, errors));
        String eventType = upper(matching(params, "eventType", CODE, true, errors));
        if (eventType != null) {
            try {
                LedgerEventType.valueOf(eventType);
            } catch (IllegalArgumentException unknown) {
                errors.add(new FieldError("eventType", "not a ledger event type"));
            }
        }
        Instant from = instant(params, "from", false, errors);
        Instant to = instant(params, "to", true, errors);
        if (from != null && to != null && !from.isBefore(to)) {
            errors.add(new FieldError("to", "must be after from"));
        }
        int page = number(params, "page", 0, 0, MAX_PAGE, errors);
        int size = number(params, "size", DEFAULT_SIZE, 1, MAX_SIZE, errors);
        return new AuditLedger.SearchCriteria(subject, partner, purpose, basisKind, outcome, eventType, from, to, page,
                size);
    }

    static boolean present(Map<String, String> params, String field) {
        String value = params.get(field);
        return value != null && !value.isBlank();
    }

    private static String matching(Map<String, String> params, String field, Pattern pattern, boolean code,
                                   List<FieldError> errors) {
        if (!present(params, field)) {
            return null;
        }
        String value = params.get(field).strip();
        if (!pattern.matcher(value).matches()) {
            errors.add(new FieldError(field, code ? "not a code" : "not a partner id"));
            return null;
        }
        return value;
    }

    private static String upper(String value) {
        return value == null ? null : value.toUpperCase(Locale.ROOT);
    }

    /** An instant, or a date: the start of that day (UTC) for from, the start of the next for to. */
    private static Instant instant(Map<String, String> params, String field, boolean end, List<FieldError> errors) {
        if (!present(params, field)) {
            return null;
        }
        String value = params.get(field).strip();
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(field, "an ISO-8601 instant (2026-11-20T10:15:00Z) or date (2026-11-20)"));
            return null;
        }
    }

    private static int number(Map<String, String> params, String field, int absent, int min, int max,
                              List<FieldError> errors) {
        if (!present(params, field)) {
            return absent;
        }
        try {
            int n = Integer.parseInt(params.get(field).strip());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException notANumber) {
            // reported below, like an out-of-range number
        }
        errors.add(new FieldError(field, "a whole number from " + min + " to " + max));
        return absent;
    }
}
