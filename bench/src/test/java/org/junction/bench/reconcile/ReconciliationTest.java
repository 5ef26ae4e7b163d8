package org.junction.bench.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junction.bench.load.DeliveryRecord;
import org.junction.bench.load.SentRecord;
import org.junction.bench.reconcile.Reconciliation.DeadLetter;
import org.junction.bench.reconcile.Reconciliation.HubKeyEvidence;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    private static final List<String> RECIPIENTS = List.of("council", "mash");

    private static SentRecord sent(String key, String outcome, String... trackingIds) {
        List<String> ids = List.of(trackingIds);
        return new SentRecord("c:" + key, key, "hash-" + key, "2026-11-23T06:00:00Z", outcome,
                outcome.equals(SentRecord.ACCEPTED) ? 202 : outcome.equals(SentRecord.REJECTED) ? 422 : 0,
                ids.isEmpty() ? null : ids.get(ids.size() - 1), ids, 1, 1000, "measure", false);
    }

    private static DeliveryRecord delivery(String partner, String key, String hash, String trackingId, int status) {
        return new DeliveryRecord(partner, key, "idem-" + partner + "-" + key, 1, hash, trackingId, status,
                "2026-11-23T06:00:01Z", 0, "ok");
    }

    private static List<DeliveryRecord> both(String key, String trackingId) {
        return List.of(delivery("council", key, "hash-" + key, trackingId, 201),
                delivery("mash", key, "hash-" + key, trackingId, 201));
    }

    @Test
    void aCleanRunHasNothingToReport() {
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a"), sent("b", SentRecord.ACCEPTED, "t-b"),
                sent("c", SentRecord.REJECTED));
        List<DeliveryRecord> deliveries = new ArrayList<>(both("a", "t-a"));
        deliveries.addAll(both("b", "t-b"));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(), RECIPIENTS, Map.of());

        assertThat(report.sent()).isEqualTo(3);
        assertThat(report.accepted()).isEqualTo(2);
        assertThat(report.rejected()).isEqualTo(1);
        assertThat(report.lost()).isZero();
        assertThat(report.corrupted()).isZero();
        assertThat(report.unexpected()).isZero();
        assertThat(report.perRecipient().get("council").delivered2xx()).isEqualTo(2);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void anAcceptedKeyMissingAtOneRecipientIsLostThere() {
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a"), sent("b", SentRecord.ACCEPTED, "t-b"));
        List<DeliveryRecord> deliveries = new ArrayList<>(both("a", "t-a"));
        deliveries.add(delivery("council", "b", "hash-b", "t-b", 201));
        // mash answered 503 to b and never 2xx: that attempt is not a delivery.
        deliveries.add(delivery("mash", "b", "hash-b", "t-b", 503));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(), RECIPIENTS, Map.of());

        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.lostSample()).containsExactly("b");
        assertThat(report.perRecipient().get("mash").lost()).isEqualTo(1);
        assertThat(report.perRecipient().get("mash").failedAttempts()).isEqualTo(1);
        assertThat(report.perRecipient().get("council").lost()).isZero();
        assertThat(report.failures()).containsEntry("lost", 1L);
    }

    @Test
    void aDeadLetterWithAReasonAccountsForItsRecipientAndOneWithoutFailsTheRun() {
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a"), sent("b", SentRecord.ACCEPTED, "t-b"));
        List<DeliveryRecord> deliveries = List.of(delivery("council", "a", "hash-a", "t-a", 201),
                delivery("council", "b", "hash-b", "t-b", 201));
        List<DeadLetter> dlq = List.of(new DeadLetter("t-a", "mash", "PARTNER_REJECTED"),
                new DeadLetter("t-b", "mash", " "));

        var report = Reconciliation.reconcile(sent, deliveries, dlq, RECIPIENTS, Map.of());

        assertThat(report.deadLetters()).isEqualTo(2);
        assertThat(report.deadLettersWithReason()).isEqualTo(1);
        assertThat(report.deadLettersWithoutReason()).isEqualTo(1);
        // b's dead letter has no reason, so it does not account for b: b is lost as well.
        assertThat(report.lost()).isEqualTo(1);
        assertThat(report.lostSample()).containsExactly("b");
        assertThat(report.failures()).containsOnlyKeys("lost", "dead letters without a reason");
    }

    @Test
    void aDeliveryWhoseRecomputedHashDiffersIsCorruptedEvenWhenRetried() {
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a"));
        List<DeliveryRecord> deliveries = List.of(delivery("council", "a", "hash-a", "t-a", 201),
                delivery("mash", "a", "hash-other", "t-a", 503), delivery("mash", "a", "hash-other", "t-a", 201),
                delivery("mash", "a", null, "t-a", 400));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(), RECIPIENTS, Map.of());

        assertThat(report.corrupted()).isEqualTo(3);
        assertThat(report.corruptedSample()).containsExactly("mash:a");
        assertThat(report.lost()).isZero();
    }

    @Test
    void deliveriesAndDeadLettersForKeysNeverSentAreUnexpected() {
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a"));
        List<DeliveryRecord> deliveries = new ArrayList<>(both("a", "t-a"));
        deliveries.add(delivery("council", "ghost", "hash-ghost", "t-ghost", 201));
        deliveries.add(delivery("mash", null, "hash-x", null, 201));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(new DeadLetter("t-nobody", "mash", "X")),
                RECIPIENTS, Map.of());

        assertThat(report.unexpected()).isEqualTo(3);
        assertThat(report.lost()).isZero();
    }

    @Test
    void aDeliveryIsMatchedByTrackingIdWhenTheKeyDidNotTravel() {
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a"));
        List<DeliveryRecord> deliveries = List.of(delivery("council", null, "hash-a", "t-a", 201),
                delivery("mash", "a", "hash-a", "t-a", 201));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(), RECIPIENTS, Map.of());

        assertThat(report.unexpected()).isZero();
        assertThat(report.lost()).isZero();
    }

    @Test
    void duplicatesAreCountedPerRecipientAndDoNotFailTheRun() {
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a"), sent("b", SentRecord.ACCEPTED, "t-b"));
        List<DeliveryRecord> deliveries = new ArrayList<>(both("a", "t-a"));
        deliveries.addAll(both("b", "t-b"));
        deliveries.add(delivery("council", "a", "hash-a", "t-a", 201));
        deliveries.add(delivery("council", "a", "hash-a", "t-a", 201));
        // A second dispatch of b to mash under another Idempotency-Key: a re-dispatch, not a retry.
        deliveries.add(new DeliveryRecord("mash", "b", "idem-other", 1, "hash-b", "t-b", 201, "2026-11-23T06:00:02Z", 0,
                "ok"));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(), RECIPIENTS, Map.of());

        assertThat(report.perRecipient().get("council").duplicates()).isEqualTo(2);
        assertThat(report.perRecipient().get("council").distinctKeysDelivered()).isEqualTo(2);
        assertThat(report.perRecipient().get("mash").duplicates()).isEqualTo(1);
        assertThat(report.perRecipient().get("mash").redispatchedKeys()).isEqualTo(1);
        assertThat(report.passed()).isTrue();
    }

    @Test
    void aKeyTheHubAcceptedTwiceFailsTheRun() {
        // Two tracking ids answered for one key across retries, and one key delivered under a third id.
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a1", "t-a2"),
                sent("b", SentRecord.ACCEPTED, "t-b"));
        List<DeliveryRecord> deliveries = new ArrayList<>(both("a", "t-a2"));
        deliveries.addAll(both("b", "t-b"));
        deliveries.add(delivery("council", "b", "hash-b", "t-b-second", 201));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(), RECIPIENTS, Map.of());

        assertThat(report.multiplyAccepted()).isEqualTo(2);
        assertThat(report.multiplyAcceptedSample()).containsExactly("a", "b");
        assertThat(report.failures()).containsEntry("keys accepted more than once", 2L);
    }

    @Test
    void theHubsAnswersToKeysSentAgainAndItsStatusAreChecked() {
        List<SentRecord> sent = List.of(sent("a", SentRecord.ACCEPTED, "t-a"), sent("b", SentRecord.ACCEPTED, "t-b"),
                sent("c", SentRecord.ACCEPTED, "t-c"));
        List<DeliveryRecord> deliveries = new ArrayList<>();
        sent.forEach(s -> deliveries.addAll(both(s.key(), s.trackingId())));
        Map<String, String> delivered = Map.of("council", "DELIVERED", "mash", "DELIVERED");
        Map<String, HubKeyEvidence> hub = new LinkedHashMap<>();
        hub.put("a", new HubKeyEvidence("t-a", true, delivered));
        // b: a new tracking id, not a duplicate: the hub forgot it had accepted b.
        hub.put("b", new HubKeyEvidence("t-b-new", false, delivered));
        // c: the status says mash is still only decided, though the stub has it.
        hub.put("c", new HubKeyEvidence("t-c", true, Map.of("council", "DELIVERED", "mash", "DECIDED")));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(), RECIPIENTS, hub);

        assertThat(report.probed()).isEqualTo(3);
        assertThat(report.probeMismatches()).isEqualTo(1);
        assertThat(report.probeMismatchSample()).containsExactly("b");
        assertThat(report.statusChecked()).isEqualTo(3);
        assertThat(report.statusIncomplete()).isEqualTo(1);
        assertThat(report.failures()).containsOnlyKeys("keys accepted more than once", "hub status incomplete");
    }

    @Test
    void unknownAndRejectedKeysAreNeverLostButTheirDeliveriesAreReported() {
        List<SentRecord> sent = List.of(sent("u", SentRecord.UNKNOWN), sent("r", SentRecord.REJECTED),
                sent("v", SentRecord.UNKNOWN));
        List<DeliveryRecord> deliveries = new ArrayList<>(both("u", null));
        deliveries.add(delivery("council", "r", "hash-r", null, 201));

        var report = Reconciliation.reconcile(sent, deliveries, List.of(), RECIPIENTS, Map.of());

        assertThat(report.unknown()).isEqualTo(2);
        assertThat(report.lost()).isZero();
        assertThat(report.unknownButDelivered()).isEqualTo(1);
        assertThat(report.rejectedButDelivered()).isEqualTo(1);
        assertThat(report.failures()).containsOnlyKeys("rejected but delivered");
    }
}
