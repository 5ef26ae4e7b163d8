package org.junction.mappings.problem;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A partner's input could not be mapped. Carries every violation found, so the sender can fix
 * them all in one go. The message is built from field paths and reasons only: it ends up in logs
 * and problem responses, where the input's values (personal data) must never appear.
 */
public class MappingException extends RuntimeException {

    private final String mapperId;
    private final List<Violation> violations;

    public MappingException(List<Violation> violations) {
        this(null, violations);
    }

    /** @param mapperId the format whose input failed, named in the message; null when not a mapper's */
    public MappingException(String mapperId, List<Violation> violations) {
        super((mapperId == null ? "" : mapperId + ": ") + describe(violations));
        this.mapperId = mapperId;
        this.violations = List.copyOf(violations);
    }

    /** The format whose input failed, or null. */
    public String mapperId() {
        return mapperId;
    }

    public List<Violation> violations() {
        return violations;
    }

    /**
     * {@link Violation.Kind#MALFORMED} when any violation is, otherwise {@link Violation.Kind#RULE}:
     * a rule check on a document that is also malformed is not a meaningful verdict.
     */
    public Violation.Kind kind() {
        return violations.stream().anyMatch(v -> v.kind() == Violation.Kind.MALFORMED)
                ? Violation.Kind.MALFORMED
                : Violation.Kind.RULE;
    }

    private static String describe(List<Violation> violations) {
        if (violations == null || violations.isEmpty()) {
            throw new IllegalArgumentException("a MappingException needs at least one violation");
        }
        return violations.size() + " violation(s): " + violations.stream()
                .map(v -> v.field() + " " + v.reason() + " (" + v.kind() + ")")
                .collect(Collectors.joining("; "));
    }
}
