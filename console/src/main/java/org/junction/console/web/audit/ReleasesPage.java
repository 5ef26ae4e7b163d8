package org.junction.console.web.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.console.audit.AuditLedger;
import org.junction.console.audit.AuditRequests;
import org.junction.console.web.FormErrors;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Restricted disclosures the IG lead's organisation sent and has not released, and their release,
 * with a reason, through the audit API's service: only the source's IG lead releases, as the API
 * enforces, and a released disclosure appears in later subject access reports.
 */
@Controller
public class ReleasesPage {

    static final String PATH = AuditForms.ROOT + "/releases";

    private final AuditLedger ledger;

    public ReleasesPage(AuditLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public String list(@AuthenticationPrincipal Person viewer, Model model) {
        AuditLedger.AwaitingList awaiting = ledger.awaitingRelease(viewer);
        model.addAttribute("waiting", awaiting.waiting());
        model.addAttribute("limit", awaiting.limit());
        model.addAttribute("more", awaiting.more());
        return "console/audit-releases";
    }

    @GetMapping(PATH + "/{trackingId}")
    @PreAuthorize("hasRole('IG_LEAD')")
    public String form(@PathVariable("trackingId") String trackingId, @AuthenticationPrincipal Person viewer,
                       Model model) {
        UUID id = AuditForms.id(trackingId);
        return page(id, awaiting(id, viewer), "", new FormErrors(), model);
    }

    @PostMapping(PATH + "/{trackingId}")
    @PreAuthorize("hasRole('IG_LEAD')")
    public String release(@PathVariable("trackingId") String trackingId,
                          @RequestParam(name = "reason", required = false) String reason,
                          @AuthenticationPrincipal Person viewer, Model model, RedirectAttributes redirect,
                          HttpServletResponse response) {
        UUID id = AuditForms.id(trackingId);
        List<AuditRequests.FieldError> found = new ArrayList<>();
        String why = AuditRequests.reason(reason == null ? Map.of() : Map.of("reason", reason), found);
        String shown = reason == null || reason.length() > AuditRequests.MAX_REASON ? "" : reason;
        if (!found.isEmpty()) {
            AuditLedger.AwaitingRelease item = awaiting(id, viewer);
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return page(id, item, shown, AuditForms.errors(found, List.of("reason")), model);
        }
        AuditLedger.Release release = ledger.release(id, why, viewer);
        String refusal = switch (release.result()) {
            case RELEASED -> null;
            case NOT_FOUND -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            case NOT_SOURCE -> "Only the IG lead of the organisation that sent it may release a restricted disclosure";
            case NOT_RESTRICTED -> "This referral's disclosures carry no restricted-disclosure label";
            case ALREADY_RELEASED -> "This restricted disclosure was already released";
        };
        if (refusal == null) {
            redirect.addFlashAttribute("released", release);
            return "redirect:" + PATH;
        }
        response.setStatus(release.result() == AuditLedger.ReleaseResult.NOT_SOURCE
                ? HttpStatus.FORBIDDEN.value() : HttpStatus.CONFLICT.value());
        // The service's refusal, as the API gives it, with no form: nothing the IG lead can post would change it.
        return page(id, null, shown, new FormErrors().add("refusal", refusal), model);
    }

    /** The form is only for a referral the viewer could release now; any other id is a page that does not exist. */
    private AuditLedger.AwaitingRelease awaiting(UUID trackingId, Person viewer) {
        return ledger.awaitingRelease(trackingId, viewer)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static String page(UUID trackingId, AuditLedger.AwaitingRelease item, String reason, FormErrors errors,
                               Model model) {
        model.addAttribute("trackingId", trackingId);
        model.addAttribute("item", item);
        model.addAttribute("form", Map.of("reason", reason));
        model.addAttribute("errors", errors);
        return "console/audit-release";
    }
}
