package org.junction.hub.payload;

import java.util.List;
import java.util.UUID;
import org.junction.adapters.restjson.Problems;
import org.junction.adapters.restjson.ReferralController;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/referrals/{trackingId}/payload} with {@code {"reason": "..."}}: an IG lead
 * sees the payload copies the hub still holds of a referral their organisation sent or received.
 * A POST, not a GET with the reason in the query, so the reason never lands in access logs or
 * browser history. A referral outside the caller's scope answers 404, like one the hub never saw.
 */
@RestController
public class PayloadViewController {

    public static final String PATH = ReferralController.PATH + "/{trackingId}/payload";
    static final int MIN_REASON = 10;
    static final int MAX_REASON = 1000;

    /** @param reason why the payload is needed, in the caller's words (10 to 1000 characters) */
    public record ViewRequest(String reason) {
    }

    private final PayloadViews views;

    public PayloadViewController(PayloadViews views) {
        this.views = views;
    }

    @PostMapping(path = PATH, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize("hasRole('IG_LEAD')")
    public ResponseEntity<?> view(@PathVariable String trackingId, @RequestBody(required = false) ViewRequest body,
                                  @AuthenticationPrincipal Person caller) {
        String reason = body == null || body.reason() == null ? "" : body.reason().strip();
        if (reason.length() < MIN_REASON || reason.length() > MAX_REASON) {
            return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .body(Problems.withErrors(HttpStatus.BAD_REQUEST, "reason-required",
                            "A payload view needs a reason of " + MIN_REASON + " to " + MAX_REASON + " characters.",
                            List.of(Problems.error("reason", "required, " + MIN_REASON + " to " + MAX_REASON
                                    + " characters"))));
        }
        UUID id;
        try {
            id = UUID.fromString(trackingId);
        } catch (IllegalArgumentException notAnId) {
            return notFound("No referral has this tracking id.");
        }
        PayloadViews.View view = views.view(id, reason, caller);
        return switch (view.outcome()) {
            case SHOWN -> ResponseEntity.ok(view);
            case NONE_HELD -> notFound("The hub no longer holds a copy of this referral (delivered copies are not kept).");
            case OUT_OF_SCOPE -> notFound("No referral has this tracking id.");
        };
    }

    private static ResponseEntity<?> notFound(String detail) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(HttpStatus.NOT_FOUND, "not-found", detail));
    }
}
