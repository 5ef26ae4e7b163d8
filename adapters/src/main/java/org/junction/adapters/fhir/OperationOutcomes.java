package org.junction.adapters.fhir;

import java.util.List;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.Violation;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * FHIR answers for the FHIR endpoints: an OperationOutcome with one issue per violation, naming
 * the element in {@code expression} and the reason in {@code diagnostics}, never a value.
 */
public final class OperationOutcomes {

    public static final String FHIR_JSON = "application/fhir+json";

    private OperationOutcomes() {
    }

    public static ResponseEntity<String> of(HttpStatus status, List<Violation> violations) {
        var outcome = new OperationOutcome();
        for (Violation v : violations) {
            outcome.addIssue()
                    .setSeverity(OperationOutcome.IssueSeverity.ERROR)
                    .setCode(v.kind() == Violation.Kind.MALFORMED
                            ? OperationOutcome.IssueType.STRUCTURE : OperationOutcome.IssueType.BUSINESSRULE)
                    .setDiagnostics(v.reason())
                    .addExpression(v.field());
        }
        return ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, FHIR_JSON).body(Fhir.toJson(outcome));
    }

    /** A single issue of the given type, for answers that are not about one element (a duplicate, say). */
    public static ResponseEntity<String> issue(HttpStatus status, OperationOutcome.IssueSeverity severity,
                                               OperationOutcome.IssueType type, String diagnostics) {
        var outcome = new OperationOutcome();
        outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(diagnostics);
        return ResponseEntity.status(status).header(HttpHeaders.CONTENT_TYPE, FHIR_JSON).body(Fhir.toJson(outcome));
    }

    /** 400 for malformed input, 422 for a broken rule. */
    public static HttpStatus statusFor(List<Violation> violations) {
        return violations.stream().anyMatch(v -> v.kind() == Violation.Kind.MALFORMED)
                ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY;
    }
}
