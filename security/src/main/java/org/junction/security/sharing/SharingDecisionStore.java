package org.junction.security.sharing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Sharing decisions, one per (referral, recipient, generation). */
public class SharingDecisionStore {

    private final JdbcTemplate jdbc;

    public SharingDecisionStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    /** Whether this generation of the referral has already been decided (by an earlier delivery of the message). */
    public boolean decided(UUID trackingId, int generation) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM sharing_decision WHERE tracking_id = ? AND generation = ?",
                Integer.class, trackingId, generation);
        return n != null && n > 0;
    }

    public void insert(UUID trackingId, int generation, SharingDecision decision, Instant at) {
        jdbc.update("""
                INSERT INTO sharing_decision (tracking_id, recipient_partner_id, generation, outcome, reason_code, decided_at)
                VALUES (?, ?, ?, ?, ?, ?)""",
                trackingId, decision.recipientPartnerId(), generation, decision.outcome().name(), decision.reasonCode(),
                OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
    }

    public List<SharingDecision> forReferral(UUID trackingId, int generation) {
        return jdbc.query("""
                SELECT recipient_partner_id, outcome, reason_code FROM sharing_decision
                WHERE tracking_id = ? AND generation = ? ORDER BY id""",
                (rs, i) -> new SharingDecision(rs.getString(1), SharingDecision.Outcome.valueOf(rs.getString(2)),
                        rs.getString(3)),
                trackingId, generation);
    }
}
