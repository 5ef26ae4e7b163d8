package org.junction.mappings.problem;

import java.util.Objects;

/**
 * One thing wrong with a partner's input.
 *
 * @param field  dotted path into the input, with {@code [i]} for array items ({@code subject.nhsNumber},
 *               {@code concerns[1]}); {@code $} for the document as a whole
 * @param reason what is wrong, worded without repeating the offending value
 * @param kind   whether the input is malformed or breaks a business rule
 */
public record Violation(String field, String reason, Kind kind) {

    /** Decides the HTTP status a caller answers with. */
    public enum Kind {
        /** Syntax, type or a missing field: HTTP 400. */
        MALFORMED,
        /** Well-formed but fails a business rule, such as the NHS number check or an unknown code: HTTP 422. */
        RULE
    }

    public Violation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(kind, "kind");
    }

    public static Violation malformed(String field, String reason) {
        return new Violation(field, reason, Kind.MALFORMED);
    }

    public static Violation rule(String field, String reason) {
        return new Violation(field, reason, Kind.RULE);
    }
}
