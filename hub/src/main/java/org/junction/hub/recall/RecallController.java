package org.junction.hub.recall;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junction.adapters.partner.Partner;
import org.junction.adapters.restjson.Problems;
import org.junction.adapters.restjson.ReferralController;
import org.junction.console.scope.Visibility;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/v1/recalls}: the recalls people follow (outstanding ones, or with {@code all=true}
 * every one), each shown to people who see its sender or its recipient. {@code POST
 * /api/v1/referrals/{trackingId}/entered-in-error}: the referral's sender, and no one else, says it
 * should never have been sent.
 */
@RestController
public class RecallController {

    public static final String PATH = "/api/v1/recalls";
    public static final String ENTERED_IN_ERROR = ReferralController.PATH + "/{trackingId}/entered-in-error";
    static final int MAX_LIMIT = 500;
    private static final Pattern REASON_CODE = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");

    /** @param reasonCode why, as an upper-case code (for example {@code WRONG_PERSON}): never words */
    public record EnteredInError(String reasonCode) {
    }

    private final RecallService recalls;
    private final RecallViews views;
    private final Visibility visibility;

    public RecallController(RecallService recalls, RecallViews views, Visibility visibility) {
        this.recalls = recalls;
        this.views = views;
        this.visibility = visibility;
    }

    @GetMapping(path = PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasAnyRole('IG_LEAD', 'HUB_ADMIN', 'OPERATOR')")
    public List<RecallViews.RecallView> list(@RequestParam(defaultValue = "false") boolean all,
                                             @RequestParam(defaultValue = "100") int limit,
                                             @AuthenticationPrincipal Person viewer) {
        int wanted = Math.max(1, Math.min(limit, MAX_LIMIT));
        if (Visibility.hubWide(viewer)) {
            return views.list(all, wanted);
        }
        return views.list(all, MAX_LIMIT).stream()
                .filter(r -> viewer != null && (visibility.sees(viewer, r.recipientPartnerId())
                        || visibility.sees(viewer, r.senderPartnerId())))
                .limit(wanted).toList();
    }

    /**
     * Another partner's referral answers 404, like an unknown one: tracking ids cannot be probed.
     * Marking twice is harmless (200 the second time, 202 the first).
     */
    @PostMapping(path = ENTERED_IN_ERROR, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @PreAuthorize("hasRole('PARTNER')")
    public ResponseEntity<?> enteredInError(@AuthenticationPrincipal Partner caller, @PathVariable String trackingId,
                                            @RequestBody EnteredInError body) {
        UUID id;
        try {
            id = UUID.fromString(trackingId);
        } catch (IllegalArgumentException e) {
            return ResponseEntity.badRequest().body(Problems.withErrors(HttpStatus.BAD_REQUEST, "bad-tracking-id",
                    "The tracking id is not a UUID.", List.of(Problems.error("trackingId", "not a UUID"))));
        }
        if (caller == null || !recalls.senderOf(id).map(caller.id()::equals).orElse(false)) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(Problems.of(HttpStatus.NOT_FOUND, "not-found",
                    "No referral with this tracking id was sent by this caller."));
        }
        if (body == null || body.reasonCode() == null || !REASON_CODE.matcher(body.reasonCode()).matches()) {
            return ResponseEntity.badRequest().body(Problems.withErrors(HttpStatus.BAD_REQUEST, "bad-reason-code",
                    "The reason must be a code.", List.of(Problems.error("reasonCode",
                            "1 to 64 upper-case letters, digits or _, starting with a letter"))));
        }
        boolean marked = recalls.markEnteredInError(id, caller.id(), body.reasonCode());
        return ResponseEntity.status(marked ? HttpStatus.ACCEPTED : HttpStatus.OK)
                .body(Map.of("trackingId", id, "status", "ENTERED_IN_ERROR"));
    }
}
