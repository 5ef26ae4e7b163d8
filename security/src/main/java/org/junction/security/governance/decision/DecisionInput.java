package org.junction.security.governance.decision;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.security.consent.ConsentRecord;

/**
 * Everything about one referral the decision procedure needs, as values.
 *
 * @param referralId          the hub's tracking id of the referral
 * @param correlationId       the conversation id, or null
 * @param sender              the sending partner id
 * @param senderOrganisation  the organisation of the sending partner
 * @param consents            the subject's consent records from the registry (and those embedded in the referral)
 * @param overrideRecord      a recorded decision to share without consent, or null
 * @param immediateRiskToLife the sender flagged an immediate risk to life (the vital-interests path)
 * @param receivedAt          when the hub received the referral
 * @param at                  the moment of the decision
 */
public record DecisionInput(UUID referralId, String correlationId, String sender, String senderOrganisation,
                            ReferralModel referral, List<ConsentRecord> consents, OverrideRecord overrideRecord,
                            boolean immediateRiskToLife, Instant receivedAt, Instant at) {

    public DecisionInput {
        Objects.requireNonNull(referralId, "referralId");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(senderOrganisation, "senderOrganisation");
        Objects.requireNonNull(referral, "referral");
        consents = List.copyOf(consents);
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(at, "at");
    }

    public DecisionInput withOverride(OverrideRecord record) {
        return new DecisionInput(referralId, correlationId, sender, senderOrganisation, referral, consents, record,
                immediateRiskToLife, receivedAt, at);
    }

    public DecisionInput withConsents(List<ConsentRecord> records) {
        return new DecisionInput(referralId, correlationId, sender, senderOrganisation, referral, records,
                overrideRecord, immediateRiskToLife, receivedAt, at);
    }
}
