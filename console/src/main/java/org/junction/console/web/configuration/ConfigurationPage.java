package org.junction.console.web.configuration;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.util.HexFormat;
import org.junction.console.admin.AdminController;
import org.junction.console.admin.PartnerAdministration;
import org.junction.console.admin.PartnerAdministration.DiffView;
import org.junction.console.admin.PartnerAdministration.ReloadOutcome;
import org.junction.console.agreements.AgreementAdministration;
import org.junction.console.web.ConsolePaths;
import org.junction.security.identity.Person;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The configuration in force (partners with their adapters and route state, agreements with their
 * standing, and the problems of the last refused reload), and changing it: the hub's configuration
 * directory is checked first (a dry run showing what would change), and only a checked change is
 * applied. Both go to the service behind the admin API's reload, which records each in the ledger.
 */
@Controller
public class ConfigurationPage {

    static final String PATH = ConsolePaths.ROOT + "/configuration";

    private final AdminController admin;
    private final PartnerAdministration configuration;
    private final AgreementAdministration agreements;

    public ConfigurationPage(AdminController admin, PartnerAdministration configuration,
                             AgreementAdministration agreements) {
        this.admin = admin;
        this.configuration = configuration;
        this.agreements = agreements;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('HUB_ADMIN')")
    public String configuration(@AuthenticationPrincipal Person viewer, Model model) {
        return page(viewer, model);
    }

    /** A dry run of the configuration directory: what would change, or why it would be refused. */
    @PostMapping(PATH + "/check")
    @PreAuthorize("hasRole('HUB_ADMIN')")
    public String check(@AuthenticationPrincipal Person viewer, Principal caller, Model model,
                        HttpServletResponse response) {
        ReloadOutcome checked = configuration.reload(true, caller.getName());
        if (checked.refused()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        }
        model.addAttribute("checked", checked);
        model.addAttribute("checkedChanges", changes(checked.diff()));
        model.addAttribute("checkedDigest", digest(checked.diff()));
        return page(viewer, model);
    }

    /**
     * Applies the directory only when it still differs as the dry run the person read showed:
     * if the files changed again since, the new difference is shown to be checked instead.
     */
    @PostMapping(PATH + "/apply")
    @PreAuthorize("hasRole('HUB_ADMIN')")
    public String apply(@RequestParam(name = "checked", required = false) String checkedDigest,
                        @AuthenticationPrincipal Person viewer, Principal caller, Model model,
                        HttpServletResponse response) {
        ReloadOutcome now = configuration.reload(true, caller.getName());
        if (now.refused() || checkedDigest == null || !checkedDigest.equals(digest(now.diff()))) {
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("checked", now);
            model.addAttribute("checkedChanges", changes(now.diff()));
            model.addAttribute("checkedDigest", digest(now.diff()));
            model.addAttribute("stale", true);
            return page(viewer, model);
        }
        ReloadOutcome applied = configuration.reload(false, caller.getName());
        if (applied.refused()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
        }
        model.addAttribute("applied", applied);
        model.addAttribute("appliedChanges", changes(applied.diff()));
        return page(viewer, model);
    }

    private String page(Person viewer, Model model) {
        model.addAttribute("partners", admin.partners(viewer));
        model.addAttribute("agreements", agreements.agreements(viewer));
        return "console/configuration";
    }

    /** Whether a reload would change anything in force (a dry run of an unchanged directory has an empty diff). */
    static boolean changes(DiffView diff) {
        return diff != null && java.util.stream.Stream.of(diff.partners(), diff.routes(), diff.agreements(), diff.areas())
                .anyMatch(c -> c != null && !(c.added().isEmpty() && c.removed().isEmpty() && c.changed().isEmpty()));
    }

    /** What a dry run showed, so an apply can tell it is applying what the person read. */
    static String digest(DiffView diff) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(String.valueOf(diff).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
