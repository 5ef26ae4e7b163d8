package org.junction.bench.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.junction.bench.load.DeliveryRecord;
import org.junction.bench.load.SentRecord;

/**
 * The arithmetic of a reconciliation, in the manner of Jepsen's total-queue checker: what the
 * load generator sent, what the partner stubs received, what the hub holds in its dead-letter
 * queues and says about each key. Pure: no I/O, so it is tested on fabricated ledgers.
 *
 * <ul>
 *   <li><b>lost</b>: an accepted key that some expected recipient neither received (a 2xx answer)
 *       nor has in a dead-letter queue with a reason;</li>
 *   <li><b>corrupted</b>: a delivery whose fields hash, recomputed by the stub from what arrived,
 *       differs from the hash of what was sent;</li>
 *   <li><b>unexpected</b>: a delivery, or a dead letter, for a key never sent;</li>
 *   <li><b>duplicates</b> per recipient: 2xx deliveries beyond one per key (allowed: at least once);</li>
 *   <li><b>multiply accepted</b>: a key the hub accepted under more than one tracking id.</li>
 * </ul>
 */
public final class Reconciliation {

    /** One entry of the hub's dead-letter list ({@code GET /api/v1/dlq}). */
    public record DeadLetter(String trackingId, String recipient, String reasonCode) {
    }

    /**
     * What the hub says about one accepted key after the run.
     *
     * @param trackingId       the tracking id the hub gave when the key was sent again, or null when not asked
     * @param duplicate        whether that answer said it already had the key
     * @param recipientStates  the status API's state per recipient (DELIVERED, FAILED...), null when not asked
     */
    public record HubKeyEvidence(String trackingId, boolean duplicate, Map<String, String> recipientStates) {
    }

    /** Per recipient. */
    public record RecipientFigures(String recipient, long attempts, long failedAttempts, long delivered2xx,
                                   long distinctKeysDelivered, long duplicates, long redispatchedKeys,
                                   long deadLetters, long lost) {
    }

    /** The result. Lists hold at most {@link #SAMPLE} example keys each. */
    public record Report(long sent, long accepted, long rejected, long unknown, long unknownButDelivered,
                         long rejectedButDelivered, long lost, List<String> lostSample, long corrupted,
                         List<String> corruptedSample, long unexpected, List<String> unexpectedSample,
                         long multiplyAccepted, List<String> multiplyAcceptedSample, long probed,
                         long probeMismatches, List<String> probeMismatchSample, long statusChecked,
                         long statusIncomplete, List<String> statusIncompleteSample, long deadLetters,
                         long deadLettersWithReason, long deadLettersWithoutReason,
                         Map<String, RecipientFigures> perRecipient) {

        /** The figures that must be zero for the run to pass. */
        public Map<String, Long> failures() {
            Map<String, Long> f = new LinkedHashMap<>();
            f.put("lost", lost);
            f.put("corrupted", corrupted);
            f.put("unexpected", unexpected);
            f.put("dead letters without a reason", deadLettersWithoutReason);
            f.put("keys accepted more than once", multiplyAccepted + probeMismatches);
            f.put("rejected but delivered", rejectedButDelivered);
            f.put("hub status incomplete", statusIncomplete);
            f.values().removeIf(v -> v == 0);
            return f;
        }

        public boolean passed() {
            return failures().isEmpty();
        }
    }

    public static final int SAMPLE = 10;

    private Reconciliation() {
    }

    public static Report reconcile(List<SentRecord> sent, List<DeliveryRecord> deliveries, List<DeadLetter> deadLetters,
                                   List<String> recipients, Map<String, HubKeyEvidence> hubEvidence) {
        Map<String, SentRecord> byKey = new LinkedHashMap<>();
        Map<String, String> keyByTracking = new HashMap<>();
        long accepted = 0;
        long rejected = 0;
        long unknown = 0;
        List<String> multiply = new ArrayList<>();
        long multiplyCount = 0;
        for (SentRecord s : sent) {
            byKey.put(s.key(), s);
            List<String> ids = s.trackingIds() == null ? List.of() : s.trackingIds();
            ids.forEach(id -> keyByTracking.put(id, s.key()));
            if (s.trackingId() != null) {
                keyByTracking.put(s.trackingId(), s.key());
            }
            switch (s.outcome()) {
                case SentRecord.ACCEPTED -> accepted++;
                case SentRecord.REJECTED -> rejected++;
                default -> unknown++;
            }
            if (ids.stream().distinct().count() > 1) {
                multiplyCount++;
                sample(multiply, s.key());
            }
        }

        // Deliveries: resolve each to the key sent, by the sender's key the hub carried, or its tracking id.
        Map<String, Map<String, Long>> okByRecipientKey = new TreeMap<>();
        Map<String, Map<String, Set<String>>> idemByRecipientKey = new TreeMap<>();
        Map<String, long[]> attempts = new TreeMap<>();
        Set<String> corruptedPairs = new HashSet<>();
        List<String> corruptedSample = new ArrayList<>();
        long corrupted = 0;
        long unexpected = 0;
        List<String> unexpectedSample = new ArrayList<>();
        Set<String> deliveredKeys = new HashSet<>();
        Set<String> secondRecords = new HashSet<>();
        for (DeliveryRecord d : deliveries) {
            long[] a = attempts.computeIfAbsent(d.partner(), p -> new long[2]);
            a[0]++;
            boolean ok = d.status() >= 200 && d.status() < 300;
            if (!ok) {
                a[1]++;
            }
            String key = resolve(d, byKey, keyByTracking);
            if (key == null) {
                unexpected++;
                sample(unexpectedSample, d.partner() + ":" + (d.key() == null ? d.trackingId() : d.key()));
                continue;
            }
            SentRecord origin = byKey.get(key);
            if (d.trackingId() != null && origin.trackingId() != null && !d.trackingId().equals(origin.trackingId())
                    && (origin.trackingIds() == null || !origin.trackingIds().contains(d.trackingId()))
                    && secondRecords.add(key)) {
                // The hub delivered this key under a tracking id it never answered: a second record of the key.
                multiplyCount++;
                sample(multiply, key);
            }
            if (!Objects.equals(d.fieldsHash(), origin.fieldsHash())) {
                corrupted++;
                if (corruptedPairs.add(d.partner() + ":" + key)) {
                    sample(corruptedSample, d.partner() + ":" + key);
                }
            }
            if (ok) {
                okByRecipientKey.computeIfAbsent(d.partner(), p -> new HashMap<>()).merge(key, 1L, Long::sum);
                idemByRecipientKey.computeIfAbsent(d.partner(), p -> new HashMap<>())
                        .computeIfAbsent(key, k -> new HashSet<>()).add(String.valueOf(d.idempotencyKey()));
                deliveredKeys.add(key);
            }
        }

        // Dead letters: by recipient and key; one without a reason code fails the run.
        Map<String, Set<String>> dlqWithReason = new HashMap<>();
        Map<String, Long> dlqPerRecipient = new HashMap<>();
        long withReason = 0;
        long withoutReason = 0;
        for (DeadLetter dl : deadLetters) {
            dlqPerRecipient.merge(dl.recipient(), 1L, Long::sum);
            String key = dl.trackingId() == null ? null : keyByTracking.get(dl.trackingId());
            if (key == null) {
                unexpected++;
                sample(unexpectedSample, "dlq:" + dl.recipient() + ":" + dl.trackingId());
            }
            if (dl.reasonCode() == null || dl.reasonCode().isBlank()) {
                withoutReason++;
            } else {
                withReason++;
                if (key != null) {
                    dlqWithReason.computeIfAbsent(dl.recipient(), r -> new HashSet<>()).add(key);
                }
            }
        }

        // Lost: accepted, and for some expected recipient neither a 2xx delivery nor a reasoned dead letter.
        long lost = 0;
        List<String> lostSample = new ArrayList<>();
        Map<String, Long> lostPerRecipient = new HashMap<>();
        long unknownButDelivered = 0;
        long rejectedButDelivered = 0;
        for (SentRecord s : byKey.values()) {
            if (!s.outcome().equals(SentRecord.ACCEPTED)) {
                if (deliveredKeys.contains(s.key())) {
                    if (s.outcome().equals(SentRecord.UNKNOWN)) {
                        unknownButDelivered++;
                    } else {
                        rejectedButDelivered++;
                    }
                }
                continue;
            }
            boolean missing = false;
            for (String r : recipients) {
                boolean delivered = okByRecipientKey.getOrDefault(r, Map.of()).containsKey(s.key());
                boolean deadLettered = dlqWithReason.getOrDefault(r, Set.of()).contains(s.key());
                if (!delivered && !deadLettered) {
                    missing = true;
                    lostPerRecipient.merge(r, 1L, Long::sum);
                }
            }
            if (missing) {
                lost++;
                sample(lostSample, s.key());
            }
        }

        // The hub's word on each key: sent again, it must answer the same tracking id as a duplicate;
        // its status must show every expected recipient delivered or failed for good.
        long probed = 0;
        long mismatches = 0;
        List<String> mismatchSample = new ArrayList<>();
        long statusChecked = 0;
        long statusIncomplete = 0;
        List<String> incompleteSample = new ArrayList<>();
        for (var e : hubEvidence.entrySet()) {
            SentRecord s = byKey.get(e.getKey());
            HubKeyEvidence h = e.getValue();
            if (s == null) {
                continue;
            }
            if (h.trackingId() != null) {
                probed++;
                if (!h.trackingId().equals(s.trackingId()) || !h.duplicate()) {
                    mismatches++;
                    sample(mismatchSample, s.key());
                }
            }
            if (h.recipientStates() != null) {
                statusChecked++;
                boolean complete = recipients.stream().allMatch(r -> {
                    String state = h.recipientStates().get(r);
                    return "DELIVERED".equals(state) || "FAILED".equals(state);
                });
                if (!complete) {
                    statusIncomplete++;
                    sample(incompleteSample, s.key() + " " + h.recipientStates());
                }
            }
        }

        Map<String, RecipientFigures> perRecipient = new LinkedHashMap<>();
        Set<String> allRecipients = new java.util.TreeSet<>(recipients);
        allRecipients.addAll(attempts.keySet());
        for (String r : allRecipients) {
            long[] a = attempts.getOrDefault(r, new long[2]);
            Map<String, Long> ok = okByRecipientKey.getOrDefault(r, Map.of());
            long delivered = ok.values().stream().mapToLong(Long::longValue).sum();
            long redispatched = idemByRecipientKey.getOrDefault(r, Map.of()).values().stream()
                    .filter(ids -> ids.size() > 1).count();
            perRecipient.put(r, new RecipientFigures(r, a[0], a[1], delivered, ok.size(), delivered - ok.size(),
                    redispatched, dlqPerRecipient.getOrDefault(r, 0L), lostPerRecipient.getOrDefault(r, 0L)));
        }
        return new Report(byKey.size(), accepted, rejected, unknown, unknownButDelivered, rejectedButDelivered, lost,
                lostSample, corrupted, corruptedSample, unexpected, unexpectedSample, multiplyCount, multiply, probed,
                mismatches, mismatchSample, statusChecked, statusIncomplete, incompleteSample, deadLetters.size(),
                withReason, withoutReason, perRecipient);
    }

    private static String resolve(DeliveryRecord d, Map<String, SentRecord> byKey, Map<String, String> keyByTracking) {
        if (d.key() != null && byKey.containsKey(d.key())) {
            return d.key();
        }
        return d.trackingId() == null ? null : keyByTracking.get(d.trackingId());
    }

    private static void sample(List<String> into, String value) {
        if (into.size() < SAMPLE) {
            into.add(value);
        }
    }
}
