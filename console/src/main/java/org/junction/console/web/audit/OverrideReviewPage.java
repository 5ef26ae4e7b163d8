package org.junction.console.web.audit;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junction.console.decisions.DecisionAdministration;
import org.junction.console.decisions.DecisionAdministration.OverrideView;
import org.junction.console.decisions.DecisionAdministration.ReviewRequest;
import org.junction.console.decisions.DecisionAdministration.ReviewOutcome;
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
 * Approved overrides (referrals shared without consent on a decision-maker's say) on the flows the
 * IG lead's organisation is party to, and the review of each, once: upheld, or a concern with a
 * note, through the decisions API's service, which records it as OVERRIDE_REVIEWED.
 */
@Controller
public class OverrideReviewPage {

    static final String PATH = AuditForms.ROOT + "/overrides";

    private final DecisionAdministration decisions;

    public OverrideReviewPage(DecisionAdministration decisions) {
        this.decisions = decisions;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public String list(@AuthenticationPrincipal Person viewer, Model model) {
        List<OverrideView> all = decisions.overrides(viewer).stream()
                .sorted(Comparator.comparing(OverrideView::decidedAt, Comparator.nullsLast(Comparator.reverseOrder())))
                .toList();
        model.addAttribute("waiting", all.stream().filter(o -> o.review() == null).toList());
        model.addAttribute("reviewedList", all.stream().filter(o -> o.review() != null).toList());
        return "console/audit-overrides";
    }

    @GetMapping(PATH + "/{decisionId}")
    @PreAuthorize("hasRole('IG_LEAD')")
    public String item(@PathVariable("decisionId") String decisionId, @AuthenticationPrincipal Person viewer,
                       Model model) {
        return page(find(AuditForms.id(decisionId), viewer), null, "", new FormErrors(), model);
    }

    @PostMapping(PATH + "/{decisionId}")
    @PreAuthorize("hasRole('IG_LEAD')")
    public String review(@PathVariable("decisionId") String decisionId,
                         @RequestParam(name = "outcome", required = false) String outcome,
                         @RequestParam(name = "note", required = false) String note,
                         @AuthenticationPrincipal Person viewer, Model model, RedirectAttributes redirect,
                         HttpServletResponse response) {
        UUID id = AuditForms.id(decisionId);
        ReviewOutcome answer = decisions.review(id, new ReviewRequest(outcome, note), viewer);
        String shownNote = note == null || note.length() > ReviewRequest.MAX_NOTE ? "" : note;
        switch (answer.result()) {
            case REVIEWED -> {
                redirect.addFlashAttribute("reviewedNow", answer);
                return "redirect:" + PATH;
            }
            case ALREADY_REVIEWED -> {
                return alreadyReviewed(find(id, viewer), model, response);
            }
            case INVALID -> {
                OverrideView item = find(id, viewer);
                if (item.review() != null) {
                    // The service checks the form before the review's existence; nothing posted can change it now.
                    return alreadyReviewed(item, model, response);
                }
                response.setStatus(HttpStatus.BAD_REQUEST.value());
                FormErrors errors = new FormErrors();
                if (answer.fields().contains("outcome")) {
                    errors.add("outcome", "Select whether the override is upheld or raises a concern");
                }
                if (answer.fields().contains("note")) {
                    errors.add("note", "Enter a note of " + ReviewRequest.MIN_NOTE + " to " + ReviewRequest.MAX_NOTE
                            + " characters: a concern needs one");
                }
                return page(item, outcome, shownNote, errors, model);
            }
            default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    /** The review already recorded, with the error and no form: the existing review is the answer. */
    private static String alreadyReviewed(OverrideView item, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.CONFLICT.value());
        return page(item, null, "", new FormErrors().add("review", "This override was already reviewed"), model);
    }

    /** Only the overrides the decisions API would list for this IG lead; any other id is not found. */
    private OverrideView find(UUID decisionId, Person viewer) {
        return decisions.overrides(viewer).stream().filter(o -> decisionId.equals(o.decisionId())).findFirst()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static String page(OverrideView item, String outcome, String note, FormErrors errors, Model model) {
        model.addAttribute("item", item);
        model.addAttribute("outcome", outcome);
        model.addAttribute("note", note);
        model.addAttribute("errors", errors);
        model.addAttribute("minNote", ReviewRequest.MIN_NOTE);
        model.addAttribute("maxNote", ReviewRequest.MAX_NOTE);
        return "console/audit-override";
    }
}
