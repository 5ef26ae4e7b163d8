package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How reported outcomes show in a referral's status: per recipient, and in the one status word. */
class LedgerReaderStatusTest {

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void latestReportedOutcomeIsTheRecipientsStateAndTheReferralStaysDelivered() {
        var timeline = List.of(
                entry(LedgerEventType.RECEIVED, null, null, null, 0),
                entry(LedgerEventType.DECIDED, "mash", "PERMIT", "CONSENT_GIVEN", 1),
                entry(LedgerEventType.DECIDED, "gp", "PERMIT", "CONSENT_GIVEN", 2),
                entry(LedgerEventType.DELIVERED, "mash", "DELIVERED", null, 3),
                entry(LedgerEventType.DELIVERED, "gp", "DELIVERED", null, 4),
                entry(LedgerEventType.OUTCOME_RECEIVED, "mash", "in-progress", "CHILD_PROTECTION_ENQUIRY", 5),
                entry(LedgerEventType.OUTCOME_RECEIVED, "gp", "rejected", "NOT_ACCEPTED", 6),
                entry(LedgerEventType.OUTCOME_RECEIVED, "mash", "completed", "NO_FURTHER_ACTION", 7));

        assertThat(LedgerReader.recipientStatuses(timeline)).containsEntry("mash", "COMPLETED").containsEntry("gp", "REJECTED");
        assertThat(LedgerReader.statusWord(timeline)).isEqualTo("DELIVERED");
    }

    @Test
    void aRecipientThatCouldNotDoItIsNotADeliveryFailure() {
        var timeline = List.of(
                entry(LedgerEventType.DECIDED, "volunteer", "PERMIT", "CONSENT_GIVEN", 1),
                entry(LedgerEventType.DELIVERED, "volunteer", "DELIVERED", null, 2),
                entry(LedgerEventType.OUTCOME_RECEIVED, "volunteer", "failed", "UNABLE_TO_CONTACT", 3));

        assertThat(LedgerReader.recipientStatuses(timeline)).containsEntry("volunteer", "UNSUCCESSFUL");
        assertThat(LedgerReader.statusWord(timeline)).isEqualTo("DELIVERED");
    }

    @Test
    void cancelledDeliveriesAreNeitherDeliveredNorDenied() {
        var cancelled = List.of(
                entry(LedgerEventType.DECIDED, "gp", "PERMIT", "CONSENT_GIVEN", 1),
                entry(LedgerEventType.DELIVERY_CANCELLED, "gp", "CANCELLED", "CONSENT_WITHDRAWN", 2));
        assertThat(LedgerReader.recipientStatuses(cancelled)).containsEntry("gp", "CANCELLED");
        assertThat(LedgerReader.statusWord(cancelled)).isEqualTo("CANCELLED");

        var oneOfTwo = new java.util.ArrayList<>(cancelled);
        oneOfTwo.add(entry(LedgerEventType.DECIDED, "volunteer", "PERMIT", "CONSENT_GIVEN", 3));
        oneOfTwo.add(entry(LedgerEventType.DELIVERED, "volunteer", "DELIVERED", null, 4));
        assertThat(LedgerReader.statusWord(oneOfTwo)).isEqualTo("DELIVERED");
    }

    @Test
    void aHeldReferralReadsHeldUntilItsApprovedGenerationIsDelivered() {
        var held = new java.util.ArrayList<>(List.of(
                entry(LedgerEventType.DECIDED, "gp", "HOLD", "DECISION_REQUIRED", 1),
                entry(LedgerEventType.DECIDED, "volunteer", "DENY", "CONSENT_REQUIRED", 2)));
        assertThat(LedgerReader.recipientStatuses(held)).containsEntry("gp", "HELD").containsEntry("volunteer", "DENIED");
        assertThat(LedgerReader.statusWord(held)).isEqualTo("HELD");

        held.add(entry(LedgerEventType.DECIDED, "gp", "PERMIT", "OVERRIDE_RECORDED", 3));
        assertThat(LedgerReader.statusWord(held)).isEqualTo("DECIDED");
        held.add(entry(LedgerEventType.DELIVERED, "gp", "DELIVERED", null, 4));
        assertThat(LedgerReader.statusWord(held)).isEqualTo("DELIVERED");
    }

    @Test
    void everyTaskStatusAnOutcomeMayReportHasAWord() {
        assertThat(List.of("received", "accepted", "ready", "in-progress", "on-hold", "rejected", "completed",
                "cancelled", "failed")).allSatisfy(s -> assertThat(LedgerReader.outcomeWord(s)).isNotEqualTo("REPORTED"));
        assertThat(LedgerReader.outcomeWord("something-new")).isEqualTo("REPORTED");
    }

    private static LedgerReader.TimelineEntry entry(LedgerEventType type, String recipient, String outcome, String reason,
                                                    int minutes) {
        return new LedgerReader.TimelineEntry(type, T0.plusSeconds(60L * minutes), "police", recipient, outcome, reason,
                1, null);
    }
}
