package org.junction.console.status;

import org.junction.security.audit.LedgerReader;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The first page of the console: the most recent referrals and where each one stands. */
@Controller
public class RecentReferralsPage {

    static final int SHOWN = 50;
    private final LedgerReader ledger;

    public RecentReferralsPage(LedgerReader ledger) {
        this.ledger = ledger;
    }

    // Open to whoever the URL rules let through: nobody, unless hub.console.open-status-page.
    @PreAuthorize("permitAll()")
    @GetMapping("/")
    public String recent(Model model) {
        model.addAttribute("referrals", ledger.recentReferrals(SHOWN));
        return "recent-referrals";
    }
}
