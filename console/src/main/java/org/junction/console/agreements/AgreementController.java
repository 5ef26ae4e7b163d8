package org.junction.console.agreements;

import java.net.URI;
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
import org.springframework.web.bind.annotation.RestController;

/**
 * Information sharing agreements: the list with standing, approvals and validation problems
 * (hub admins and IG leads), and an IG lead's approval of one version for their organisation.
 * An admin configures agreements but cannot approve them on a party's behalf.
 */
@RestController
@RequestMapping(AgreementController.PATH)
public class AgreementController {

    public static final String PATH = "/api/v1/admin/agreements";
    /** Relative to {@link #PATH}. */
    public static final String APPROVALS = "/{id}/{version}/approvals";

    private final AgreementAdministration administration;
    public AgreementController(AgreementAdministration administration) {
        this.administration = administration;
    }

    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'IG_LEAD')")
    public ResponseEntity<?> agreements(@AuthenticationPrincipal Person caller) {
        return ResponseEntity.ok(administration.agreements(caller));
    }

    /** 201 when recorded, 200 when this organisation had already approved this version. */
    @PreAuthorize("hasRole('IG_LEAD')")
    @PostMapping(path = APPROVALS, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    public ResponseEntity<?> approve(@PathVariable("id") String id, @PathVariable("version") int version,
                                     @AuthenticationPrincipal Person caller) {
        var outcome = administration.approve(id, version, caller);
        return switch (outcome.result()) {
            case RECORDED -> ResponseEntity.status(HttpStatus.CREATED).body(outcome.agreement());
            case ALREADY_RECORDED -> ResponseEntity.ok(outcome.agreement());
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", "No such agreement",
                    "No agreement with this id and version is configured.");
            case NOT_AN_IG_LEAD -> problem(HttpStatus.FORBIDDEN, "forbidden", "Forbidden",
                    "Only an IG lead approves agreements, for their own organisation.");
            case NOT_A_PARTY -> problem(HttpStatus.FORBIDDEN, "not-a-party", "Not a party",
                    "The caller's organisation is not a party to this agreement version.");
            case NOT_APPROVABLE -> problem(HttpStatus.CONFLICT, "agreement-not-approvable", "Agreement not approvable",
                    "This agreement version has status " + outcome.agreement().status()
                            + ": a terminated or expired agreement cannot be approved.");
        };
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/" + type));
        problem.setTitle(title);
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
