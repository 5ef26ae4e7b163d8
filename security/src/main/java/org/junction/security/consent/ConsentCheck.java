package org.junction.security.consent;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * Decides whether the person's recorded consents allow sharing with one recipient for one
 * purpose. The most recently recorded covering consent wins, so a refusal or withdrawal recorded
 * after an agreement overrides it, and a fresh agreement overrides an older refusal.
 */
public final class ConsentCheck {

    private ConsentCheck() {
    }

    public static ConsentOutcome evaluate(List<ConsentRecord> consents, String recipient, String purpose, Instant at) {
        return consents.stream()
                .filter(c -> c.covers(recipient, purpose, at))
                .max(Comparator.comparing(ConsentRecord::recordedAt)
                        // On the same instant a refusal wins: doubt is resolved towards not sharing.
                        .thenComparing(c -> c.provision() == ConsentRecord.Provision.DENY))
                .map(c -> c.provision() == ConsentRecord.Provision.PERMIT
                        ? ConsentOutcome.CONSENT_GIVEN : ConsentOutcome.CONSENT_REFUSED)
                .orElse(ConsentOutcome.NO_CONSENT);
    }
}
