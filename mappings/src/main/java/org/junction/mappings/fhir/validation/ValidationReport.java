package org.junction.mappings.fhir.validation;

import java.util.List;
import java.util.Objects;
import org.junction.mappings.problem.Violation;

/**
 * What FHIR instance validation found in one resource. Information-level messages are dropped;
 * {@link #errors()} decide validity, {@link #warnings()} are for people to read.
 */
public record ValidationReport(List<Issue> errors, List<Issue> warnings) {

    public ValidationReport {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    public boolean valid() {
        return errors.isEmpty();
    }

    /**
     * The errors as rule violations a {@code MappingException} can carry. The validator's own
     * messages may quote the offending value, so only the location and the message id are kept.
     */
    public List<Violation> toViolations() {
        return errors.stream()
                .map(i -> Violation.rule(i.location(), "fails FHIR validation ("
                        + (i.messageId() == null ? "unspecified" : i.messageId()) + ")"))
                .distinct()
                .toList();
    }

    /** Every error and warning on its own line; for test failure messages and local debugging only. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        errors.forEach(i -> text.append(i).append('\n'));
        warnings.forEach(i -> text.append(i).append('\n'));
        return text.toString();
    }

    public enum Severity {
        ERROR,
        WARNING
    }

    /**
     * @param location  FHIRPath-like location, e.g. {@code Bundle.entry[2].resource.gender}
     * @param message   the validator's text; may quote values from the resource, so never log it for live data
     * @param messageId the validator's stable message key; null when it gave none
     */
    public record Issue(String location, String message, String messageId, Severity severity) {
        public Issue {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(severity, "severity");
        }

        @Override
        public String toString() {
            return severity + " " + location + ": " + message;
        }
    }
}
