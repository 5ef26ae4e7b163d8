package org.junction.console.web.referrals;

import jakarta.servlet.http.HttpServletResponse;
import java.util.UUID;
import org.junction.console.web.ConsolePaths;
import org.junction.console.web.FormErrors;
import org.junction.console.web.decisions.PayloadSummary;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * An IG lead reads the payload copies the hub still holds of a referral, giving a reason first.
 * The reason is posted (never in the address), and the view is recorded by the payload API's
 * service as BODY_VIEWED whatever it finds.
 */
@Controller
public class PayloadPage {

    static final String PATH = ConsolePaths.ROOT + "/referrals/{trackingId}/payload";

    private final PayloadCopies payloads;

    public PayloadPage(PayloadCopies payloads) {
        this.payloads = payloads;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public String form(@PathVariable("trackingId") String trackingId, Model model) {
        return form(parse(trackingId), "", new FormErrors(), model);
    }

    @PostMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public String view(@PathVariable("trackingId") String trackingId,
                       @RequestParam(name = "reason", required = false) String reason,
                       @AuthenticationPrincipal Person viewer, Model model, HttpServletResponse response) {
        UUID id = parse(trackingId);
        String given = reason == null ? "" : reason;
        PayloadCopies.Answer answer = payloads.view(viewer, id, given);
        switch (answer.outcome()) {
            case REASON_REFUSED -> {
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                return form(id, given.length() > 2000 ? "" : given, new FormErrors().add("reason",
                        "Enter why you need to see this referral's content (" + answer.reasonRule() + ")"), model);
            }
            case NOT_AVAILABLE -> {
                response.setStatus(HttpStatus.NOT_FOUND.value());
                model.addAttribute("trackingId", id);
                model.addAttribute("eventId", answer.eventId());
                return "console/payload-none";
            }
            default -> {
                model.addAttribute("trackingId", id);
                model.addAttribute("eventId", answer.eventId());
                model.addAttribute("copies", answer.copies().stream()
                        .map(c -> new ShownCopy(c, PayloadSummary.of(c.payload()))).toList());
                return "console/payload";
            }
        }
    }

    /** A copy with its payload as readable sections (none for a dead letter, which only the broker holds). */
    public record ShownCopy(PayloadCopies.Copy copy, java.util.List<PayloadSummary.Section> sections) {
    }

    private static String form(UUID trackingId, String reason, FormErrors errors, Model model) {
        model.addAttribute("trackingId", trackingId);
        model.addAttribute("reason", reason);
        model.addAttribute("errors", errors);
        return "console/payload-reason";
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
