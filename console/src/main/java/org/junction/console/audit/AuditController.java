package org.junction.console.audit;

import org.junction.security.audit.ChainVerifier;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ledger verification: recomputes the hash chain and names the first bad sequence number. */
@RestController
public class AuditController {

    private final ChainVerifier verifier;

    public AuditController(ChainVerifier verifier) {
        this.verifier = verifier;
    }

    @GetMapping("/api/v1/audit/verify")
    public ChainVerifier.VerificationResult verify() {
        return verifier.verify();
    }
}
