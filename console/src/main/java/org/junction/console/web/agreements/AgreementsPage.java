package org.junction.console.web.agreements;

import jakarta.servlet.http.HttpServletResponse;
import org.junction.console.agreements.AgreementAdministration;
import org.junction.console.agreements.AgreementAdministration.ApprovalOutcome;
import org.junction.console.web.ConsolePaths;
import org.junction.console.web.FormErrors;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Information sharing agreements with their standing and approvals, and an IG lead's approval of
 * a version for their own organisation, through the service behind the agreements API.
 */
@Controller
public class AgreementsPage {

    static final String PATH = ConsolePaths.ROOT + "/agreements";

    private final AgreementAdministration agreements;

    public AgreementsPage(AgreementAdministration agreements) {
        this.agreements = agreements;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'IG_LEAD')")
    public String list(@AuthenticationPrincipal Person viewer, Model model) {
        return page(viewer, new FormErrors(), model);
    }

    @PostMapping(PATH + "/{id}/{version}/approvals")
    @PreAuthorize("hasRole('IG_LEAD')")
    public String approve(@PathVariable("id") String id, @PathVariable("version") String version,
                          @AuthenticationPrincipal Person viewer, Model model, RedirectAttributes redirect,
                          HttpServletResponse response) {
        int number;
        try {
            number = Integer.parseInt(version);
        } catch (NumberFormatException notANumber) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        ApprovalOutcome outcome = agreements.approve(id, number, viewer);
        String field = "approve-" + id + "-" + number;
        switch (outcome.result()) {
            case RECORDED, ALREADY_RECORDED -> {
                redirect.addFlashAttribute("approved", outcome.agreement());
                return "redirect:" + PATH;
            }
            case NOT_APPROVABLE -> {
                response.setStatus(HttpStatus.CONFLICT.value());
                return page(viewer, new FormErrors().add(field, "Version " + number + " of " + id + " has status "
                        + outcome.agreement().status() + ": a terminated or expired agreement cannot be approved"),
                        model);
            }
            case NOT_A_PARTY, NOT_AN_IG_LEAD -> {
                response.setStatus(HttpStatus.FORBIDDEN.value());
                return page(viewer, new FormErrors().add(field,
                        "Your organisation is not a party to version " + number + " of " + id), model);
            }
            default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
    }

    private String page(Person viewer, FormErrors errors, Model model) {
        model.addAttribute("list", agreements.agreements(viewer));
        model.addAttribute("errors", errors);
        model.addAttribute("igLead", viewer.roles().contains(Role.IG_LEAD));
        return "console/agreements";
    }
}
