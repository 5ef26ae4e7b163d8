package org.junction.console.decisions;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A run of a bulk feed held for a decision, per recipient: the decision-maker looks at its rows
 * (each view recorded) and decides the whole batch at once.
 */
@RestController
@RequestMapping(BatchDecisionController.PATH)
public class BatchDecisionController {

    public static final String PATH = DecisionController.PATH + "/batches";
    static final int MAX_PAGE = 500;

    private final BatchDecisionAdministration batches;

    public BatchDecisionController(BatchDecisionAdministration batches) {
        this.batches = batches;
    }

    @PreAuthorize("hasRole('DECISION_MAKER')")
    @GetMapping(path = "/{batchId}/{recipient}", produces = {MediaType.APPLICATION_JSON_VALUE,
            MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> view(@PathVariable("batchId") String batchId, @PathVariable("recipient") String recipient,
                                  @RequestParam(name = "offset", defaultValue = "0") int offset,
                                  @RequestParam(name = "limit", defaultValue = "100") int limit,
                                  @AuthenticationPrincipal Person caller) {
        UUID id = parse(batchId);
        if (id == null) {
            return notFound();
        }
        if (offset < 0) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                    "offset must be 0 or more", List.of("offset"));
        }
        if (limit < 1 || limit > MAX_PAGE) {
            return problem(HttpStatus.BAD_REQUEST, "invalid-request", "Invalid request",
                    "limit must be between 1 and " + MAX_PAGE, List.of("limit"));
        }
        var outcome = batches.view(id, recipient, offset, limit, caller);
        return switch (outcome.result()) {
            case SHOWN -> ResponseEntity.ok(outcome.view());
            case NOT_AUTHORISED -> notAuthorised(outcome.fields());
            default -> notFound();
        };
    }

    @PreAuthorize("hasRole('DECISION_MAKER')")
    @PostMapping(path = "/{batchId}/{recipient}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> decide(@PathVariable("batchId") String batchId,
                                    @PathVariable("recipient") String recipient,
                                    @RequestBody DecisionAdministration.DecisionRequest request,
                                    @AuthenticationPrincipal Person caller) {
        UUID id = parse(batchId);
        if (id == null) {
            return notFound();
        }
        var outcome = batches.decide(id, recipient, request, caller);
        return switch (outcome.result()) {
            case APPROVED, DECLINED, SHOWN -> ResponseEntity.ok(outcome);
            case NOT_FOUND -> notFound();
            case ALREADY_DECIDED -> problem(HttpStatus.CONFLICT, "already-decided", "Already decided",
                    "This batch was already " + outcome.state().toLowerCase(Locale.ROOT) + " for this recipient.",
                    List.of());
            case NOT_READY -> problem(HttpStatus.CONFLICT, "batch-incomplete", "Batch still arriving",
                    "Rows of this run are still being decided; decide the batch once all of them are held.",
                    List.of());
            case NOT_AUTHORISED -> notAuthorised(outcome.fields());
            case INCOMPLETE -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "incomplete-decision-record",
                    "Incomplete decision record", "Missing or insufficient: " + String.join(", ", outcome.fields()),
                    outcome.fields());
            case NOT_PERMITTED -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "not-permitted", "Sharing not permitted",
                    "The decision procedure does not permit this sharing: " + outcome.reasonCode(), List.of());
        };
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return null;
        }
    }

    private static ResponseEntity<ProblemDetail> notFound() {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such batch",
                "No batch with this id is held for this recipient.", List.of());
    }

    private static ResponseEntity<ProblemDetail> notAuthorised(List<String> fields) {
        return problem(HttpStatus.FORBIDDEN, "not-authorised", "Not an authorised decision-maker",
                "The agreement's flow does not authorise any of the caller's role titles in their organisation.",
                fields);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail,
                                                         List<String> fields) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/" + type));
        problem.setTitle(title);
        if (!fields.isEmpty()) {
            problem.setProperty("fields", fields);
        }
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
