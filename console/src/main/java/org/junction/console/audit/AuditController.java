package org.junction.console.audit;

import org.junction.security.audit.ChainVerifier;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ledger verification: recomputes the hash chain and names the first bad sequence number. */
@RestController
public class AuditController {

    private final ChainVerifier verifier;

    public AuditController(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    /** Reads the whole chain, every organisation's events: for a hub-wide IG lead or admin only. */
    @GetMapping("/api/v1/audit/verify")
    @PreAuthorize("hasAnyRole('IG_LEAD', 'HUB_ADMIN') and hasAuthority('HUB_WIDE')")
    public ChainVerifier.VerificationResult verify() {
        return verifier.verify();
    }
}
