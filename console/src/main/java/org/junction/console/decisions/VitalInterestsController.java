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
 * Referrals shared on vital interests owe a decision record afterwards: decision-makers and IG
 * leads see those still owed for their organisation's referrals, and an authorised decision-maker
 * makes the record, with everything an approval of a held referral records.
 */
@RestController
@RequestMapping(VitalInterestsController.PATH)
public class VitalInterestsController {

    public static final String PATH = "/api/v1/decisions/vital-interests";

    private final VitalInterestsAdministration records;

    public VitalInterestsController(VitalInterestsAdministration records) {
        this.records = records;
    }

    @PreAuthorize("hasAnyRole('DECISION_MAKER', 'IG_LEAD')")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<?> outstanding(@AuthenticationPrincipal Person caller) {
        return ResponseEntity.ok(Map.of("outstanding", records.outstanding(caller)));
    }

    @PreAuthorize("hasRole('DECISION_MAKER')")
    @PostMapping(path = "/{id}/record", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> record(@PathVariable("id") String id,
                                    @RequestBody DecisionAdministration.DecisionRequest request,
                                    @AuthenticationPrincipal Person caller) {
        UUID obligationId;
        try {
            obligationId = UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            return notFound();
        }
        var outcome = records.record(obligationId, request, caller);
        return switch (outcome.result()) {
            case RECORDED -> ResponseEntity.ok(outcome);
            case NOT_FOUND -> notFound();
            case ALREADY_RECORDED -> problem(HttpStatus.CONFLICT, "already-recorded", "Already recorded",
                    "The decision record of this vital-interests share was already made.", List.of());
            case NOT_AUTHORISED -> problem(HttpStatus.FORBIDDEN, "not-authorised", "Not an authorised decision-maker",
                    "The agreement's flow does not authorise any of the caller's role titles in their organisation.",
                    outcome.fields());
            case INCOMPLETE -> problem(HttpStatus.UNPROCESSABLE_ENTITY, "incomplete-decision-record",
                    "Incomplete decision record", "Missing or insufficient: " + String.join(", ", outcome.fields()),
                    outcome.fields());
        };
    }

    private static ResponseEntity<ProblemDetail> notFound() {
        return problem(HttpStatus.NOT_FOUND, "not-found", "No such vital-interests share",
                "No vital-interests share owing a decision record has this id.", List.of());
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
