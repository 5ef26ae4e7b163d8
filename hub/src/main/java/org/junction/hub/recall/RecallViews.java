package org.junction.hub.recall;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Recalls as people see them: metadata only (ids, codes, times), newest first. */
public class RecallViews {

    public record RecallView(UUID recallId, UUID trackingId, String senderPartnerId, String recipientPartnerId,
                             String cause, String reasonCode, String state, Instant requestedAt, Instant sentAt,
                             Instant acknowledgedAt) {
    }

    private final JdbcTemplate jdbc;

    public RecallViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param all also those acknowledged; else only the outstanding ones (not yet acknowledged) */
    public List<RecallView> list(boolean all, int limit) {
        return jdbc.query("SELECT recall_id, tracking_id, sender_partner_id, recipient_partner_id, cause, reason_code,"
                + " state, requested_at, sent_at, acknowledged_at FROM recall"
                + (all ? "" : " WHERE state <> 'ACKNOWLEDGED'")
                + " ORDER BY requested_at DESC, recall_id FETCH FIRST ? ROWS ONLY",
                (rs, i) -> new RecallView(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), instant(rs.getObject(8,
                        OffsetDateTime.class)), instant(rs.getObject(9, OffsetDateTime.class)),
                        instant(rs.getObject(10, OffsetDateTime.class))), limit);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
