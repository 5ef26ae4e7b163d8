package org.junction.security.sharing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junction.security.consent.ConsentCheck;
import org.junction.security.consent.ConsentOutcome;
import org.junction.security.consent.ConsentRecord;

/**
 * The decision procedure as it stands: a configured flow must exist from the sender to the
 * recipient for the purpose, and the person's recorded consent must cover that recipient and
 * purpose. Anything short of both is a DENY with its reason.
 */
public final class SharingProcedure {

    private SharingProcedure() {
    }

    public static List<SharingDecision> decide(SharingRules rules, String sender, String purpose,
                                               List<ConsentRecord> consents, Instant at) {
        List<String> recipients = rules.recipientsFor(sender, purpose);
        if (recipients.isEmpty()) {
            return List.of(new SharingDecision(SharingDecision.NO_RECIPIENT, SharingDecision.Outcome.DENY,
                    SharingDecision.NO_SHARING_RULE));
        }
        List<SharingDecision> decisions = new ArrayList<>();
        for (String recipient : recipients) {
            ConsentOutcome consent = ConsentCheck.evaluate(consents, recipient, purpose, at);
            decisions.add(new SharingDecision(recipient,
                    consent.permits() ? SharingDecision.Outcome.PERMIT : SharingDecision.Outcome.DENY, consent.name()));
        }
        return decisions;
    }
}
