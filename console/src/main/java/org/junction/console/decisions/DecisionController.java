package org.junction.console.decisions;

import java.net.URI;
import java.util.List;
import java.util.Map;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * Referrals held for a person's decision: decision-makers see those their titles are authorised
 * for, with what would be sent, and approve (with a full decision record) or decline them; IG
 * leads review the approved overrides.
 */
@RestController
@RequestMapping(DecisionController.PATH)
public class DecisionController {

    public static final String PATH = "/api/v1/decisions";

    private final DecisionAdministration decisions;
    private final BatchDecisionAdministration batches;

    public DecisionController(DecisionAdministration decisions, BatchDecisionAdministration batches) {
        this.decisions = decisions;
        this.batches = batches;
    }

    @PreAuthorize("hasRole('DECISION_MAKER')")
    @GetMapping(path = "/pending", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> pending(@AuthenticationPrincipal Person caller) {
        // Rows of a bulk run wait as one batch each (kind BATCH), beside the referrals held one by one.
        return ResponseEntity.ok(Map.of("pending", decisions.pending(caller), "batches",
                batches.pendingBatches(caller)));
    }

    @PreAuthorize("hasRole('IG_LEAD')")
    @GetMapping(path = "/overrides", produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> overrides(@AuthenticationPrincipal Person caller) {
        return ResponseEntity.ok(Map.of("overrides", decisions.overrides(caller)));
    }

    @PreAuthorize("hasRole('DECISION_MAKER')")
    @PostMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> decide(@PathVariable("id") String id,
                                    @RequestBody DecisionAdministration.DecisionRequest request,
                                    @AuthenticationPrincipal Person caller) {
        UUID heldId;
        try {
            heldId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return problem(HttpStatus.NOT_FOUND, "not-found", "No such held decision", "No held decision has this id.",
                    List.of());
        }
        var outcome = decisions.decide(heldId, request, caller);
        return switch (outcome.result()) {
            case APPROVED, DECLINED -> ResponseEntity.ok(outcome);
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", "No such held decision",
                    "No held decision has this id.", List.of());
            case ALREADY_DECIDED -> problem(HttpStatus.CONFLICT, "already-decided", "Already decided",
                    "This held decision was already " + outcome.state().toLowerCase(java.util.Locale.ROOT) + ".",
                    List.of());
            case NOT_AUTHORISED -> problem(HttpStatus.FORBIDDEN, "not-authorised", "Not an authorised decision-maker",
                    "The agreement's flow does not authorise any of the caller's role titles in their organisation.",
                    outcome.fields());
            case INCOMPLETE -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "incomplete-decision-record",
                    "Incomplete decision record", "Missing or insufficient: " + String.join(", ", outcome.fields()),
                    outcome.fields());
            case NOT_PERMITTED -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "not-permitted", "Sharing not permitted",
                    "The decision procedure does not permit this sharing: " + outcome.reasonCode(), List.of());
        };
    }

    /** The IG review of an approved override, by its decision id: once, UPHELD or CONCERN_RAISED with a note. */
    @PreAuthorize("hasRole('IG_LEAD')")
    @PostMapping(path = "/overrides/{id}/review", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> review(@PathVariable("id") String id,
                                    @RequestBody(required = false) DecisionAdministration.ReviewRequest request,
                                    @AuthenticationPrincipal Person caller) {
        UUID decisionId;
        try {
            decisionId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return problem(HttpStatus.NOT_FOUND, "not-found", "No such override", "No approved override has this "
                    + "decision id.", List.of());
        }
        var outcome = decisions.review(decisionId, request, caller);
        return switch (outcome.result()) {
            case REVIEWED -> ResponseEntity.status(HttpStatus.CREATED).body(outcome);
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", "No such override",
                    "No approved override has this decision id.", List.of());
            case ALREADY_REVIEWED -> problem(HttpStatus.CONFLICT, "already-reviewed", "Already reviewed",
                    "This override was already reviewed.", List.of());
            case INVALID -> problem(HttpStatus.BAD_REQUEST, "invalid-review", "Invalid review",
                    "Missing or invalid: " + String.join(", ", outcome.fields())
                            + " (outcome UPHELD or CONCERN_RAISED; a concern needs a note of "
                            + DecisionAdministration.ReviewRequest.MIN_NOTE + " to "
                            + DecisionAdministration.ReviewRequest.MAX_NOTE + " characters)",
                    outcome.fields());
        };
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
