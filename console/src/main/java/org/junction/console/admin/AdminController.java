package org.junction.console.admin;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import org.junction.console.scope.Visibility;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The admin API for partner configuration: list partners, and reload the configuration directory
 * (with a dry run that only reports the diff). Every reload, applied or refused, is recorded in the
 * audit ledger with the caller.
 */
@RestController
@RequestMapping(AdminController.PATH)
public class AdminController {

    public static final String PATH = "/api/v1/admin";

    private final PartnerAdministration administration;
    private final Visibility visibility;

    public AdminController(PartnerAdministration administration, Visibility visibility) {
        this.administration = administration;
        this.visibility = visibility;
    }

    /** The partners of the caller's organisation (every partner for a hub-wide caller). */
    @GetMapping(path = "/partners", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public List<PartnerAdministration.PartnerView> partners(@AuthenticationPrincipal Person viewer) {
        return administration.partners().stream().filter(p -> sees(viewer, p.id())).toList();
    }

    /**
     * Holds a partner's deliveries on the broker until resumed; recorded in the ledger with the caller.
     * Another organisation's partner is answered as unknown.
     */
    @PostMapping(path = "/partners/{id}/pause", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public ResponseEntity<?> pause(@PathVariable("id") String id, @AuthenticationPrincipal Person viewer,
                                   Principal caller) {
        if (!sees(viewer, id)) {
            return noSuchRecipient(id);
        }
        return administration.pause(id, caller.getName()).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> noSuchRecipient(id));
    }

    @PostMapping(path = "/partners/{id}/resume", produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public ResponseEntity<?> resume(@PathVariable("id") String id, @AuthenticationPrincipal Person viewer,
                                    Principal caller) {
        if (!sees(viewer, id)) {
            return noSuchRecipient(id);
        }
        return administration.resume(id, caller.getName()).<ResponseEntity<?>>map(ResponseEntity::ok)
                .orElseGet(() -> noSuchRecipient(id));
    }

    private boolean sees(Person viewer, String partnerId) {
        return viewer != null && visibility.sees(viewer, partnerId);
    }

    private static ResponseEntity<ProblemDetail> noSuchRecipient(String id) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "No configured partner with this id receives deliveries from the hub.");
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/not-found"));
        problem.setTitle("No such recipient");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    /** 200 with the diff when applied (or dry run, or nothing to apply); 422 with every problem when refused. */
    @PostMapping(path = "/config/reload", produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize("hasRole('HUB_ADMIN')")
    public ResponseEntity<?> reload(@RequestParam(name = "dryRun", defaultValue = "false") boolean dryRun,
                                    Principal caller) {
        var outcome = administration.reload(dryRun, caller.getName());
        if (!outcome.refused()) {
            return ResponseEntity.ok(outcome);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.UNPROCESSABLE_ENTITY,
                outcome.problems().size() + " problem(s) in the configuration directory; nothing was changed.");
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/invalid-configuration"));
        problem.setTitle("Invalid configuration");
        problem.setProperty("problems", outcome.problems());
        return ResponseEntity.unprocessableEntity().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
