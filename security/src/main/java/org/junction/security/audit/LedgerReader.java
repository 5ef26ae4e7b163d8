package org.junction.security.audit;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Read side of the ledger for status views: what happened to one referral, in order. */
public class LedgerReader {

    /** One step of a referral's timeline. */
    public record TimelineEntry(LedgerEventType type, Instant at, String senderPartnerId, String recipientPartnerId,
                                String outcome, String reasonCode, int generation) {
    }

    private final JdbcTemplate jdbc;

    public LedgerReader(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    public List<TimelineEntry> timeline(UUID trackingId) {
        return jdbc.query("""
                SELECT event_type, occurred_at, sender_partner_id, recipient_partner_id, outcome, reason_code, generation
                FROM ledger_event WHERE tracking_id = ? ORDER BY id""",
                (rs, i) -> new TimelineEntry(LedgerEventType.valueOf(rs.getString(1)),
                        rs.getObject(2, OffsetDateTime.class).toInstant(), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getInt(7)),
                trackingId);
    }
}
