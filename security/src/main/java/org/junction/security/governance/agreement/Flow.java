package org.junction.security.governance.agreement;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.junction.mappings.canonical.ReferralModel.Classification;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;

/**
 * One permitted direction of sharing within an agreement: from a sending partner to a receiving
 * partner, or to every recipient of a kind (resolved through the area routing table).
 *
 * @param toPartner                   the recipient partner id, or null when {@code toKind} is given
 * @param toKind                      the recipient kind, or null when {@code toPartner} is given
 * @param purposes                    purpose-of-use codes (as referrals carry them, e.g. PATSFTY)
 * @param referralTypes               referral types the flow carries
 * @param dataItems                   the allow-list: nothing else reaches the recipient
 * @param dataCategories              the categories the recipient may receive; an allowed item holding any other is withheld
 * @param overrideAllowed             a recorded decision may share without consent (only with UNLESS_OVERRIDE)
 * @param vitalInterestsAllowed       a referral flagged immediate risk to life may go without consent or decision
 * @param retrospectiveRecordWithin   how soon after a vital-interests send its decision record is due; null when not allowed
 * @param nonConsensualSharingAllowed the agreement explicitly allows sharing with a non-statutory recipient without consent
 * @param decisionMakers              the role titles whose holders may decide along this flow
 * @param maximumDecisionWait         how long a held referral may wait for a decision before an alert
 */
public record Flow(String id, String from, String toPartner, RecipientKind toKind, Set<String> purposes,
                   Set<String> referralTypes, Set<DataItem> dataItems, Set<DataCategory> dataCategories,
                   LawfulBasis lawfulBasis, ConsentRule consentRule, boolean overrideAllowed,
                   boolean vitalInterestsAllowed, Duration retrospectiveRecordWithin,
                   boolean nonConsensualSharingAllowed, List<DecisionMakerRole> decisionMakers,
                   Duration maximumDecisionWait, Classification classification, Retention retention) {

    public Flow {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(from, "from");
        if ((toPartner == null) == (toKind == null)) {
            throw new IllegalArgumentException("flow " + id + ": exactly one of toPartner and toKind");
        }
        purposes = Set.copyOf(purposes);
        referralTypes = Set.copyOf(referralTypes);
        dataItems = dataItems.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dataItems));
        dataCategories = dataCategories.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(dataCategories));
        Objects.requireNonNull(lawfulBasis, "lawfulBasis");
        Objects.requireNonNull(consentRule, "consentRule");
        if (overrideAllowed && consentRule != ConsentRule.UNLESS_OVERRIDE) {
            throw new IllegalArgumentException("flow " + id + ": override is only allowed with UNLESS_OVERRIDE");
        }
        if (vitalInterestsAllowed && retrospectiveRecordWithin == null) {
            throw new IllegalArgumentException("flow " + id + ": a vital-interests path needs a retrospective record window");
        }
        decisionMakers = List.copyOf(decisionMakers);
        Objects.requireNonNull(maximumDecisionWait, "maximumDecisionWait");
        Objects.requireNonNull(classification, "classification");
        Objects.requireNonNull(retention, "retention");
    }

    /** Whether this flow delivers to the recipient: named by partner id, or of the flow's kind. */
    public boolean reaches(Recipient recipient) {
        return toPartner != null ? toPartner.equals(recipient.partnerId()) : toKind == recipient.kind();
    }

    /** Whether this flow carries a referral of this type for this purpose from this sender. */
    public boolean carries(String sender, String purpose, String referralType) {
        return from.equals(sender) && purposes.contains(purpose) && referralTypes.contains(referralType);
    }

    /** Whether someone holding {@code title} in {@code organisation} may decide along this flow. */
    public boolean authorises(String organisation, String title) {
        return decisionMakers.stream().anyMatch(r -> r.organisation().equals(organisation) && r.title().equals(title));
    }
}
