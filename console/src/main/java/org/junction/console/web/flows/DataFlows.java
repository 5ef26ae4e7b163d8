package org.junction.console.web.flows;

import java.time.Instant;
import java.util.List;
import org.junction.security.identity.Person;

/** Who shared with whom, read from the audit ledger and scoped to the viewer; implemented by the hub. */
public interface DataFlows {

    /**
     * Permitted sharing since {@code since} between organisations, by purpose and the footing of
     * each decision; only rows whose sending or receiving organisation the viewer sees.
     */
    List<FlowCount> since(Person viewer, Instant since);

    /**
     * @param basisKind CONSENT_AGREEMENT, OVERRIDE, VITAL_INTERESTS or STATUTORY_DUTY
     * @param permitted decisions that let a referral go to the recipient
     * @param delivered of those, how many reached the recipient's system
     */
    record FlowCount(String senderOrganisation, String recipientOrganisation, String purpose, String basisKind,
                     long permitted, long delivered) {
    }
}
