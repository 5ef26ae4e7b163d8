package org.junction.console.web.partners;

import java.security.Principal;
import org.junction.console.admin.AdminController;
import org.junction.console.admin.PartnerAdministration;
import org.junction.console.web.ConsolePaths;
import org.junction.security.identity.Person;
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
 * The viewer's organisation's partners (all when hub-wide) with their delivery state, and pausing
 * and resuming their deliveries: through the admin API's controller, so scoping and the ledger
 * record are the API's.
 */
@Controller
public class PartnersPage {

    static final String PATH = ConsolePaths.ROOT + "/partners";

    private final AdminController admin;

    public PartnersPage(AdminController admin) {
        this.admin = admin;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public String partners(@AuthenticationPrincipal Person viewer, Model model) {
        model.addAttribute("partners", admin.partners(viewer));
        return "console/partners";
    }

    @PostMapping(PATH + "/{id}/pause")
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public String pause(@PathVariable("id") String id, @AuthenticationPrincipal Person viewer, Principal caller,
                        RedirectAttributes redirect) {
        return changed(admin.pause(id, viewer, caller).getBody(), "paused", redirect);
    }

    @PostMapping(PATH + "/{id}/resume")
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR')")
    public String resume(@PathVariable("id") String id, @AuthenticationPrincipal Person viewer, Principal caller,
                         RedirectAttributes redirect) {
        return changed(admin.resume(id, viewer, caller).getBody(), "resumed", redirect);
    }

    private static String changed(Object answer, String what, RedirectAttributes redirect) {
        if (!(answer instanceof PartnerAdministration.PartnerView partner)) {
            // Unknown, not receiving, or another organisation's: all look alike.
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        redirect.addFlashAttribute("changed", partner.name() + " " + what);
        return "redirect:" + PATH;
    }
}
