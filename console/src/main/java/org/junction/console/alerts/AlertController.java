package org.junction.console.alerts;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junction.console.scope.Visibility;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operational alerts for hub admins and operators: {@code GET /api/v1/alerts}, open incidents first,
 * optionally only those of one state, kind or partner ({@code ?state=OPEN&kind=CIRCUIT_OPEN&partner=gp-a}).
 */
@RestController
@RequestMapping(AlertController.PATH)
public class AlertController {

    public static final String PATH = "/api/v1/alerts";
    static final int MAX_LIMIT = 500;
    static final Set<String> STATES = Set.of("OPEN", "RESOLVED");
    /** The partner id column's width: a longer one names no partner. */
    static final int MAX_PARTNER_LENGTH = 64;

    private final AlertList alerts;
    private final Visibility visibility;

    public AlertController(AlertList alerts, Visibility visibility) {
        this.alerts = alerts;
        this.visibility = visibility;
    }

    /**
     * An alert naming a partner is shown only to people who see that partner; hub-level alerts to
     * all. IG leads who do not also run the hub see the governance alerts only (agreements
     * expiring, referrals waiting for a decision, vital-interests records owed). An unknown state or
     * kind is refused with 400 naming the parameter, so a mistyped filter is not read as "no incidents".
     */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR', 'IG_LEAD')")
    public ResponseEntity<?> list(@RequestParam(defaultValue = "100") int limit,
                                  @RequestParam(required = false) String state,
                                  @RequestParam(required = false) String kind,
                                  @RequestParam(required = false) String partner,
                                  @AuthenticationPrincipal Person viewer) {
        if (state != null && !STATES.contains(state)) {
            return badParameter("state", "must be one of OPEN, RESOLVED");
        }
        if (kind != null && !alerts.kinds().contains(kind)) {
            return badParameter("kind", "must be one of " + String.join(", ", new TreeSet<>(alerts.kinds())));
        }
        if (partner != null && (partner.isBlank() || partner.length() > MAX_PARTNER_LENGTH)) {
            return badParameter("partner", "must be a partner id of 1 to " + MAX_PARTNER_LENGTH + " characters");
        }
        int wanted = Math.max(1, Math.min(limit, MAX_LIMIT));
        return ResponseEntity.ok(visible(new AlertList.Filter(state, kind, partner), wanted, viewer));
    }

    /** What {@code viewer} may see of the incidents the filter lets through, at most {@code wanted}. */
    public List<AlertList.AlertView> visible(AlertList.Filter filter, int wanted, Person viewer) {
        boolean operates = viewer != null
                && (viewer.roles().contains(Role.HUB_ADMIN) || viewer.roles().contains(Role.OPERATOR));
        if (Visibility.hubWide(viewer) && operates) {
            return alerts.alerts(filter, wanted);
        }
        return alerts.alerts(filter, MAX_LIMIT).stream()
                .filter(a -> operates || a.governance())
                .filter(a -> Visibility.hubWide(viewer) || concerns(a, viewer, operates))
                .limit(wanted).toList();
    }

    /**
     * An alert about an organisation's partner or agreement concerns that organisation's people;
     * one about the hub itself (no organisation) concerns those who run it.
     */
    private boolean concerns(AlertList.AlertView alert, Person viewer, boolean operates) {
        if (viewer == null) {
            return false;
        }
        if (alert.partner() != null) {
            return visibility.sees(viewer, alert.partner());
        }
        return alert.organisations().isEmpty() ? operates : alert.organisations().stream().anyMatch(viewer::sees);
    }

    /** The same shape as the other console requests' field errors. */
    private static ResponseEntity<ProblemDetail> badParameter(String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + reason);
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/invalid-request"));
        problem.setTitle("Invalid alerts request");
        problem.setProperty("errors", List.of(Map.of("field", field, "reason", reason)));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
