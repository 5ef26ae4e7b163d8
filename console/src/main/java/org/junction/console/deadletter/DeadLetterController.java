package org.junction.console.deadletter;

import java.net.URI;
import java.security.Principal;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junction.console.scope.Visibility;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Dead letters for admins and operators, scoped to their organisation unless hub-wide:
 * {@code GET /api/v1/dlq} lists what waits there (never payloads);
 * {@code POST /api/v1/dlq/replay} replays one or many, each as a new generation decided afresh,
 * with a required reason that is kept with the caller's id.
 */
@RestController
@RequestMapping(DeadLetterController.PATH)
public class DeadLetterController {

    public static final String PATH = "/api/v1/dlq";
    static final int MAX_PER_CALL = 500;
    public static final int MAX_REASON = 500;

    private final DeadLetterAdministration deadLetters;
    private final Visibility visibility;

    public DeadLetterController(DeadLetterAdministration deadLetters, Visibility visibility) {
        this.deadLetters = deadLetters;
        this.visibility = visibility;
    }

    /**
     * @param messageIds the dead-lettered messages to replay
     * @param reason     why: required, kept with the replay
     * @param force      send again even where the recipient already confirmed the referral
     */
    public record ReplayRequest(List<String> messageIds, String reason, Boolean force) {
    }

    /** Dispatches whose recipient or sender belongs to the caller's organisation (all for a hub-wide caller). */
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public List<DeadLetterAdministration.DeadLetterView> list(@AuthenticationPrincipal Person viewer) {
        List<DeadLetterAdministration.DeadLetterView> all = deadLetters.deadLetters();
        return Visibility.hubWide(viewer) ? all : all.stream().filter(d -> sees(viewer, d)).toList();
    }

    @PostMapping(path = "/replay", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public ResponseEntity<?> replay(@RequestBody ReplayRequest request, @AuthenticationPrincipal Person viewer,
                                    Principal caller) {
        if (request.reason() == null || request.reason().isBlank()) {
            return invalid("reason", "a reason is required: it is kept with the replay for audit");
        }
        if (request.reason().length() > MAX_REASON) {
            return invalid("reason", "at most " + MAX_REASON + " characters");
        }
        if (request.messageIds() == null || request.messageIds().isEmpty()) {
            return invalid("messageIds", "name at least one dead-lettered message");
        }
        if (request.messageIds().size() > MAX_PER_CALL) {
            return invalid("messageIds", "at most " + MAX_PER_CALL + " messages per call");
        }
        boolean force = Boolean.TRUE.equals(request.force());
        // Another organisation's dead letter is answered as not found, as if it were not there.
        Set<String> visible = Visibility.hubWide(viewer) ? null : deadLetters.deadLetters().stream()
                .filter(d -> sees(viewer, d)).map(DeadLetterAdministration.DeadLetterView::messageId)
                .collect(Collectors.toSet());
        return ResponseEntity.ok(request.messageIds().stream().distinct()
                .map(id -> visible == null || visible.contains(id)
                        ? deadLetters.replay(id, request.reason().strip(), force, caller.getName())
                        : new DeadLetterAdministration.ReplayView(id, "NOT_FOUND", null, null, null, null))
                .toList());
    }

    private boolean sees(Person viewer, DeadLetterAdministration.DeadLetterView d) {
        if (viewer == null) {
            return false;
        }
        return (d.recipient() != null && visibility.sees(viewer, d.recipient()))
                || (d.trackingId() != null && visibility.senderOf(d.trackingId())
                        .map(sender -> visibility.sees(viewer, sender)).orElse(false));
    }

    private static ResponseEntity<ProblemDetail> invalid(String field, String reason) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, field + ": " + reason);
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/invalid-request"));
        problem.setTitle("Invalid replay request");
        problem.setProperty("errors", List.of(java.util.Map.of("field", field, "reason", reason)));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
