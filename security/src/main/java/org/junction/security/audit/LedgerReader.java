package org.junction.security.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
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
     * The one word a person or a partner reads first. Delivery to any recipient wins; then a
     * failure; then a refusal to share with everyone; otherwise the furthest step reached.
     */
    public static String statusWord(List<TimelineEntry> timeline) {
        boolean decided = false;
        boolean permitted = false;
        boolean failed = false;
        for (TimelineEntry e : timeline) {
            switch (e.type()) {
                case DELIVERED -> {
                    return "DELIVERED";
                }
                case DELIVERY_FAILED -> failed = true;
                case DECIDED -> {
                    decided = true;
                    permitted |= "PERMIT".equals(e.outcome());
                }
                default -> {
                }
            }
        }
        if (failed) {
            return "FAILED";
        }
        if (decided) {
            return permitted ? "DECIDED" : "DENIED";
        }
        return timeline.stream().map(e -> e.type()).filter(t -> t == LedgerEventType.QUEUED).findAny()
                .map(Enum::name).orElse(timeline.isEmpty() ? "UNKNOWN" : "RECEIVED");
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

    public List<TimelineEntry> timeline(UUID trackingId) {
        return jdbc.query("""
                SELECT e.event_type, e.occurred_at, e.sender_partner_id, e.recipient_partner_id, e.outcome, e.reason_code,
                    e.generation, d.response_id
                FROM ledger_event e
                LEFT JOIN delivery d ON e.event_type = 'DELIVERED' AND d.tracking_id = e.tracking_id
                    AND d.recipient_partner_id = e.recipient_partner_id AND d.generation = e.generation
                WHERE e.tracking_id = ? ORDER BY e.id""",
                (rs, i) -> new TimelineEntry(LedgerEventType.valueOf(rs.getString(1)),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7), rs.getString(8)),
                trackingId);
    }
}
