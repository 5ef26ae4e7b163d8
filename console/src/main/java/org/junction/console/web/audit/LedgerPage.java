package org.junction.console.web.audit;

import org.junction.security.audit.ChainVerifier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * Where the ledger's chain stands, and its verification on request (a full read of the chain, so
 * never on every page view), with the first position that fails. Like the verification API it
 * reads every organisation's events, so it is for a hub-wide IG lead only.
 */
@Controller
public class LedgerPage {

    static final String PATH = AuditForms.ROOT + "/ledger";
    static final String WHO = "hasRole('IG_LEAD') and hasAuthority('HUB_WIDE')";

    private final LedgerStatus status;
    private final ChainVerifier verifier;

    public LedgerPage(LedgerStatus status, ChainVerifier verifier) {
        this.status = status;
        this.verifier = verifier;
    }

    @GetMapping(PATH)
    @PreAuthorize(WHO)
    public String show(Model model) {
        model.addAttribute("status", status.status());
        return "console/audit-ledger";
    }

    @PostMapping(PATH + "/verify")
    @PreAuthorize(WHO)
    public String verify(Model model) {
        // Verified first, so the head shown is never behind the head the verification read.
        model.addAttribute("verification", verifier.verify());
        model.addAttribute("status", status.status());
        return "console/audit-ledger";
    }
}
