package org.junction.console.web.dashboard;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junction.console.admin.AdminController;
import org.junction.console.agreements.AgreementAdministration;
import org.junction.console.alerts.AlertController;
import org.junction.console.alerts.AlertList;
import org.junction.console.web.ConsolePaths;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The first page after sign-in: today's referrals by outcome, queue depths, partner health, open
 * alerts, and certificates and agreements about to expire. Each panel comes from the same service
 * (and the same scoping) as its API, and is shown only to the roles that API admits.
 */
@Controller
public class DashboardPage {

    /** How far ahead an agreement's expiry is worth a warning. */
    static final int AGREEMENT_WARNING_DAYS = 30;
    static final int ALERTS_SHOWN = 20;
    private static final AlertList.Filter OPEN = new AlertList.Filter("OPEN", null, null);

    private final DashboardFacts facts;
    private final AdminController partners;
    private final AlertController alerts;
    private final AgreementAdministration agreements;
    private final Clock clock;

    public DashboardPage(DashboardFacts facts, AdminController partners, AlertController alerts,
                         AgreementAdministration agreements, Clock clock) {
        this.facts = facts;
        this.partners = partners;
        this.alerts = alerts;
        this.agreements = agreements;
        this.clock = clock;
    }

    @GetMapping(ConsolePaths.ROOT)
    @PreAuthorize("hasAnyRole('HUB_ADMIN', 'OPERATOR', 'IG_LEAD', 'DECISION_MAKER')")
    public String dashboard(@AuthenticationPrincipal Person viewer, Model model) {
        Map<String, Long> today = facts.referralsToday(viewer);
        model.addAttribute("referralsToday", today);
        model.addAttribute("referralsTodayTotal", today.values().stream().mapToLong(Long::longValue).sum());
        boolean operates = holds(viewer, Role.HUB_ADMIN, Role.OPERATOR);
        model.addAttribute("operates", operates);
        if (operates) {
            model.addAttribute("queues", facts.queueDepths(viewer));
            model.addAttribute("partners", partners.partners(viewer));
            model.addAttribute("alerts", alerts.visible(OPEN, ALERTS_SHOWN, viewer));
        }
        model.addAttribute("certificates", viewer.hubWide() && operates ? facts.certificateWarnings(viewer) : List.of());
        boolean governs = holds(viewer, Role.HUB_ADMIN, Role.IG_LEAD);
        model.addAttribute("governs", governs);
        model.addAttribute("agreementWarnings", governs ? expiring(viewer) : List.of());
        return "console/dashboard";
    }

    private List<AgreementAdministration.AgreementView> expiring(Person viewer) {
        LocalDate horizon = LocalDate.now(clock).plusDays(AGREEMENT_WARNING_DAYS);
        return agreements.agreements(viewer).agreements().stream()
                .filter(a -> a.expires() != null && !a.expires().isAfter(horizon))
                .toList();
    }

    static boolean holds(Person person, Role... roles) {
        for (Role role : roles) {
            if (person.roles().contains(role)) {
                return true;
            }
        }
        return false;
    }

}
