package org.junction.console.web.decisions;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junction.console.decisions.DecisionAdministration;
import org.junction.console.decisions.DecisionAdministration.DecisionRequest;
import org.junction.console.decisions.DecisionAdministration.PendingView;
import org.junction.console.decisions.DecisionAdministration.RiskEvidence;
import org.junction.console.web.ConsolePaths;
import org.junction.console.web.FormErrors;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Referrals held for a decision: the list the viewer's titles are authorised for, and per referral
 * what the recipient would receive (minimised) with the full decision record to approve it, or a
 * decline. Decisions go to the same service as the decisions API, which checks the record again.
 */
@Controller
public class HeldReferralsPage {

    static final String PATH = ConsolePaths.ROOT + "/decisions";
    static final int MAX_TEXT = 2000;

    /** The service's names for what is missing, as the form's field ids and messages. */
    static final Map<String, String[]> FIELDS = Map.of(
            "decision", new String[] {"decision", "Select whether to approve or decline sharing"},
            "reason", new String[] {"reason", "Select why consent was not obtained"},
            "basisCodes.art6", new String[] {"art6", "Select the UK GDPR Article 6 basis"},
            "basisCodes.art9", new String[] {"art9",
                    "Enter an Article 9 or DPA 2018 Schedule 8 condition: this referral holds special category data"},
            "riskEvidence", new String[] {"riskGrade",
                    "Record risk evidence: a medium or high grade, a child protection concern, or the adult at risk test met"},
            "justification", new String[] {"justification", "Enter a justification of at least 20 characters"},
            "subjectInformed", new String[] {"subjectInformed", "Select whether the person has been told"},
            "notInformedReason", new String[] {"notInformedReason", "Enter why the person has not been told"},
            "decidedAt", new String[] {"decision", "The decision time is not valid; submit the decision again"},
            "decisionMaker", new String[] {"decision", "Your decision-maker details are incomplete"});

    private final DecisionAdministration decisions;

    public HeldReferralsPage(DecisionAdministration decisions) {
        this.decisions = decisions;
    }

    /** What the decision form posts; field names as in the form. */
    public record DecisionForm(String decision, String reason, String art6, String art9, String otherBasis,
                               String riskTool, String riskGrade, String riskAssessor, String childProtectionConcern,
                               String adultAtRiskTestMet, String justification, String subjectInformed,
                               String notInformedReason) {

        static DecisionForm empty() {
            return new DecisionForm(null, null, null, null, null, null, null, null, null, null, null, null, null);
        }

        DecisionRequest request() {
            List<String> basis = new ArrayList<>();
            addIfPresent(basis, art6);
            addIfPresent(basis, art9);
            if (otherBasis != null) {
                Arrays.stream(otherBasis.split(",")).forEach(code -> addIfPresent(basis, code));
            }
            boolean anyRisk = present(riskTool) || present(riskGrade) || present(riskAssessor)
                    || "true".equals(childProtectionConcern) || "true".equals(adultAtRiskTestMet);
            RiskEvidence risk = anyRisk ? new RiskEvidence(strip(riskTool), strip(riskGrade), strip(riskAssessor),
                    "true".equals(childProtectionConcern), "true".equals(adultAtRiskTestMet)) : null;
            return new DecisionRequest(decision, strip(reason), basis, risk, strip(justification),
                    strip(subjectInformed), strip(notInformedReason));
        }

        /** What the form can tell before asking the service: required answers, and no oversized text. */
        FormErrors check() {
            FormErrors errors = new FormErrors();
            if (!"APPROVE".equals(decision) && !"DECLINE".equals(decision)) {
                errors.add("decision", FIELDS.get("decision")[1]);
                return errors;
            }
            Map<String, String> texts = new java.util.LinkedHashMap<>();
            texts.put("art9", art9);
            texts.put("otherBasis", otherBasis);
            texts.put("riskTool", riskTool);
            texts.put("riskAssessor", riskAssessor);
            texts.put("justification", justification);
            texts.put("notInformedReason", notInformedReason);
            texts.forEach((field, text) -> {
                if (text != null && text.length() > MAX_TEXT) {
                    errors.add(field, "This answer must be " + MAX_TEXT + " characters or fewer");
                }
            });
            if ("DECLINE".equals(decision)) {
                return errors;
            }
            require(errors, reason, "reason");
            require(errors, art6, "basisCodes.art6");
            if (justification == null || justification.strip().length() < 20) {
                errors.add("justification", FIELDS.get("justification")[1]);
            }
            require(errors, subjectInformed, "subjectInformed");
            if (present(subjectInformed) && !"YES".equals(subjectInformed)) {
                require(errors, notInformedReason, "notInformedReason");
            }
            return errors;
        }

        private static void require(FormErrors errors, String value, String field) {
            if (!present(value)) {
                errors.add(FIELDS.get(field)[0], FIELDS.get(field)[1]);
            }
        }

        private static void addIfPresent(List<String> codes, String code) {
            if (present(code)) {
                codes.add(code.strip());
            }
        }

        private static boolean present(String value) {
            return value != null && !value.isBlank();
        }

        private static String strip(String value) {
            return present(value) ? value.strip() : null;
        }
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('DECISION_MAKER')")
    public String list(@AuthenticationPrincipal Person viewer, Model model) {
        model.addAttribute("held", decisions.waiting(viewer));
        return "console/decisions";
    }

    @GetMapping(PATH + "/{id}")
    @PreAuthorize("hasRole('DECISION_MAKER')")
    public String item(@PathVariable("id") String id, @AuthenticationPrincipal Person viewer, Model model) {
        return form(pending(parse(id), viewer), DecisionForm.empty(), new FormErrors(), model);
    }

    @PostMapping(PATH + "/{id}")
    @PreAuthorize("hasRole('DECISION_MAKER')")
    public String decide(@PathVariable("id") String id, @ModelAttribute DecisionForm form,
                         @AuthenticationPrincipal Person viewer, Model model, RedirectAttributes redirect,
                         HttpServletResponse response) {
        UUID heldId = parse(id);
        FormErrors errors = form.check();
        if (!errors.isEmpty()) {
            return invalid(pending(heldId, viewer), form, errors, model, response);
        }
        var outcome = decisions.decide(heldId, form.request(), viewer);
        switch (outcome.result()) {
            case APPROVED, DECLINED -> {
                redirect.addFlashAttribute("decided", outcome);
                return "redirect:" + PATH;
            }
            case INCOMPLETE -> {
                outcome.fields().forEach(field -> {
                    String[] known = FIELDS.getOrDefault(field, new String[] {"decision", "Incomplete: " + field});
                    errors.add(known[0], known[1]);
                });
                return invalid(pending(heldId, viewer), form, errors, model, response);
            }
            case NOT_PERMITTED -> {
                errors.add("decision", "The decision procedure does not permit this sharing ("
                        + outcome.reasonCode() + "); it can only be declined");
                return invalid(pending(heldId, viewer), form, errors, model, response);
            }
            default -> {
                // Unknown, decided meanwhile, or not for this person's titles: no longer held for them.
                throw new ResponseStatusException(HttpStatus.NOT_FOUND);
            }
        }
    }

    private String invalid(PendingView item, DecisionForm form, FormErrors errors, Model model,
                           HttpServletResponse response) {
        response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        return form(item, form, errors, model);
    }

    private String form(PendingView item, DecisionForm form, FormErrors errors, Model model) {
        model.addAttribute("item", item);
        model.addAttribute("payload", PayloadSummary.of(item.payload()));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        return "console/decision";
    }

    /** A referral held for this viewer (its view recorded); anything else (another's, decided, unknown) is not found. */
    private PendingView pending(UUID heldId, Person viewer) {
        return decisions.pendingItem(heldId, viewer).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException notAnId) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }
}
