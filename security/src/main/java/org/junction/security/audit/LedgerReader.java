package org.junction.security.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Read side of the ledger for status views: what happened to one referral, in order. */
public class LedgerReader {

    /**
     * One step of a referral's timeline.
     *
     * @param responseId for DELIVERED, the id the recipient's system gave the delivered message
     */
    public record TimelineEntry(LedgerEventType type, Instant at, String senderPartnerId, String recipientPartnerId,
                                String outcome, String reasonCode, int generation, String responseId) {
    }

    private final JdbcTemplate jdbc;

    public LedgerReader(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    /** A referral as the status views list it. */
    public record ReferralSummary(UUID trackingId, String senderPartnerId, Instant receivedAt, String status) {
    }

    /**
     * The word for a recipient's reported FHIR Task status ({@link LedgerEventType#OUTCOME_RECEIVED}).
     * Words differ from the pipeline's own, so "the recipient could not do it" (UNSUCCESSFUL) is
     * never read as "the hub could not deliver it" (FAILED).
     */
    public static final Map<String, String> OUTCOME_WORDS = Map.of(
            "received", "ACKNOWLEDGED",
            "accepted", "ACCEPTED",
            "ready", "ACCEPTED",
            "in-progress", "IN_PROGRESS",
            "on-hold", "ON_HOLD",
            "rejected", "REJECTED",
            "completed", "COMPLETED",
            "cancelled", "CANCELLED",
            "failed", "UNSUCCESSFUL");

    /** The status word of a reported Task status; REPORTED for one this version does not know. */
    public static String outcomeWord(String taskStatus) {
        return taskStatus == null ? "REPORTED" : OUTCOME_WORDS.getOrDefault(taskStatus, "REPORTED");
    }

    /**
     * Where the referral stands with each recipient: DECIDED (permitted, not yet delivered),
     * DENIED, DELIVERED or FAILED, then the word of the latest outcome the recipient reported
     * ({@link #outcomeWord}). A generation's later events replace its earlier ones.
     */
    public static Map<String, String> recipientStatuses(List<TimelineEntry> timeline) {
        Map<String, String> byRecipient = new LinkedHashMap<>();
        for (TimelineEntry e : timeline) {
            if (e.recipientPartnerId() == null) {
                continue;
            }
            switch (e.type()) {
                case DECIDED -> byRecipient.put(e.recipientPartnerId(), "PERMIT".equals(e.outcome()) ? "DECIDED"
                        : "HOLD".equals(e.outcome()) ? "HELD" : "DENIED");
                case DELIVERED -> byRecipient.put(e.recipientPartnerId(), "DELIVERED");
                case DELIVERY_FAILED -> byRecipient.put(e.recipientPartnerId(), "FAILED");
                case DELIVERY_CANCELLED -> byRecipient.put(e.recipientPartnerId(), "CANCELLED");
                case OUTCOME_RECEIVED -> byRecipient.put(e.recipientPartnerId(), outcomeWord(e.outcome()));
                case RECALL_REQUESTED, RECALL_SENT -> byRecipient.put(e.recipientPartnerId(), "RECALLING");
                case RECALL_ACKNOWLEDGED -> byRecipient.put(e.recipientPartnerId(), "RECALLED");
                default -> {
                }
            }
        }
        return byRecipient;
    }

    /**
     * The one word a person or a partner reads first. Before any decision: how far intake got.
     * After: DENIED when nobody may receive it, CANCELLED when every permitted delivery was
     * cancelled by a consent withdrawn before it left, FAILED when a permitted delivery failed for good,
     * DELIVERED when every permitted recipient has it (a recipient that reported an outcome has
     * it), HELD while every recipient not denied waits for a decision-maker, DECIDED while deliveries
     * are under way; RECALLING / RECALLED once every recipient that had it is being (or has been)
     * sent a cancellation; ENTERED_IN_ERROR once its sender says so.
     */
    public static String statusWord(List<TimelineEntry> timeline) {
        if (timeline.isEmpty()) {
            return "UNKNOWN";
        }
        if (timeline.stream().anyMatch(e -> e.type() == LedgerEventType.INTAKE_FAILED)) {
            return "FAILED";
        }
        if (timeline.stream().anyMatch(e -> e.type() == LedgerEventType.ENTERED_IN_ERROR)) {
            return "ENTERED_IN_ERROR";
        }
        boolean decided = timeline.stream().anyMatch(e -> e.type() == LedgerEventType.DECIDED);
        if (!decided) {
            return timeline.stream().anyMatch(e -> e.type() == LedgerEventType.QUEUED) ? "QUEUED" : "RECEIVED";
        }
        var states = recipientStatuses(timeline).values();
        var permitted = states.stream().filter(s -> !s.equals("DENIED") && !s.equals("CANCELLED")).toList();
        if (permitted.isEmpty()) {
            return states.contains("CANCELLED") ? "CANCELLED" : "DENIED";
        }
        if (permitted.contains("FAILED")) {
            return "FAILED";
        }
        if (permitted.stream().allMatch("HELD"::equals)) {
            // Nothing sent yet: every recipient left waits for a decision-maker.
            return "HELD";
        }
        if (permitted.stream().allMatch(s -> s.equals("RECALLED") || s.equals("RECALLING"))) {
            return permitted.contains("RECALLING") ? "RECALLING" : "RECALLED";
        }
        return permitted.stream().allMatch(s -> s.equals("DELIVERED") || isOutcomeWord(s)) ? "DELIVERED" : "DECIDED";
    }

    private static boolean isOutcomeWord(String word) {
        return word.equals("REPORTED") || OUTCOME_WORDS.containsValue(word);
    }

    /** The most recently received referrals, newest first, with their status words. */
    public List<ReferralSummary> recentReferrals(int limit) {
        List<UUID> ids = jdbc.query("""
                SELECT tracking_id FROM ledger_event WHERE event_type = 'RECEIVED' ORDER BY id DESC FETCH FIRST ? ROWS ONLY""",
                (rs, i) -> rs.getObject(1, UUID.class), limit);
        return ids.stream().map(id -> {
            List<TimelineEntry> timeline = timeline(id);
            TimelineEntry first = timeline.get(0);
            return new ReferralSummary(id, first.senderPartnerId(), first.at(), statusWord(timeline));
        }).toList();
    }

    /**
     * The timelines of the referrals received since {@code since} (at most {@code limit}, newest
     * first), as {@link #timeline} reads each, in one query rather than one per referral.
     */
    public Map<UUID, List<TimelineEntry>> timelinesReceivedSince(Instant since, int limit) {
        Map<UUID, List<TimelineEntry>> timelines = new LinkedHashMap<>();
        jdbc.query("""
                SELECT e.tracking_id, e.event_type, e.occurred_at, e.sender_partner_id, e.recipient_partner_id, e.outcome,
                    e.reason_code, e.generation, d.response_id
                FROM ledger_event e
                JOIN (SELECT tracking_id, id FROM ledger_event WHERE event_type = 'RECEIVED' AND occurred_at >= ?
                      ORDER BY id DESC FETCH FIRST ? ROWS ONLY) r ON r.tracking_id = e.tracking_id
                LEFT JOIN delivery d ON e.event_type = 'DELIVERED' AND d.tracking_id = e.tracking_id
                    AND d.recipient_partner_id = e.recipient_partner_id AND d.generation = e.generation
                WHERE e.event_type NOT IN ('BODY_VIEWED', 'DECISION_VIEWED', 'RECALL_ACK_REFUSED', 'FEEDBACK_REFUSED')
                ORDER BY r.id DESC, e.occurred_at, e.id""",
                rs -> {
                    timelines.computeIfAbsent(rs.getObject(1, UUID.class), id -> new java.util.ArrayList<>())
                            .add(new TimelineEntry(LedgerEventType.valueOf(rs.getString(2)),
                                    rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5),
                                    rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9)));
                },
                OffsetDateTime.ofInstant(since, java.time.ZoneOffset.UTC), limit);
        return timelines;
    }

    /**
     * What happened to a referral on its way, for status views. Who looked at it (a decision-maker,
     * an IG lead's payload view) is the audit's business, not the sender's, and is left out; so is
     * what another partner tried and was refused (an acknowledgement or feedback it had no right to).
     */
    public List<TimelineEntry> timeline(UUID trackingId) {
        return jdbc.query("""
                SELECT e.event_type, e.occurred_at, e.sender_partner_id, e.recipient_partner_id, e.outcome, e.reason_code,
                    e.generation, d.response_id
                FROM ledger_event e
                LEFT JOIN delivery d ON e.event_type = 'DELIVERED' AND d.tracking_id = e.tracking_id
                    AND d.recipient_partner_id = e.recipient_partner_id AND d.generation = e.generation
                WHERE e.tracking_id = ? AND e.event_type NOT IN ('BODY_VIEWED', 'DECISION_VIEWED',
                    'RECALL_ACK_REFUSED', 'FEEDBACK_REFUSED')
                ORDER BY e.occurred_at, e.id""",
                (rs, i) -> new TimelineEntry(LedgerEventType.valueOf(rs.getString(1)),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getString(8)),
                trackingId);
    }
}
