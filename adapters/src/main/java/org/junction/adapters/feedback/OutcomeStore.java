package org.junction.adapters.feedback;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Outcome intake's tables: the outcomes themselves (encrypted payload, ids and codes in columns),
 * and the index of referrer references by which a recipient may name a referral. Reads what it
 * needs about the referral from the ledger, which holds every referral's steps.
 */
public class OutcomeStore {

    /** What an outcome's ledger record copies from its referral. */
    public record ReferralFacts(String referrerPartnerId, String purpose, List<String> subjectPseudonyms) {
    }

    /** One stored outcome, as the row holds it. */
    public record StoredOutcome(UUID outcomeId, String senderPartnerId, String requestId, String correlationId,
                                UUID referralTrackingId, String referrerPartnerId, String format,
                                String outcomeCode, String taskStatus, Instant decidedAt, Instant receivedAt,
                                byte[] payload) {
    }

    private final JdbcTemplate jdbc;

    public OutcomeStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    public Optional<StoredOutcome> findByRequest(String senderPartnerId, String requestId) {
        return jdbc.query("""
                SELECT outcome_id, sender_partner_id, request_id, correlation_id, referral_tracking_id,
                    referrer_partner_id, format, outcome_code, task_status, decided_at, received_at, payload
                FROM referral_outcome WHERE sender_partner_id = ? AND request_id = ?""",
                (rs, i) -> new StoredOutcome(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7),
                        rs.getString(8), rs.getString(9), instant(rs.getObject(10, OffsetDateTime.class)),
                        instant(rs.getObject(11, OffsetDateTime.class)), rs.getBytes(12)),
                senderPartnerId, requestId).stream().findFirst();
    }

    /** Whether the hub confirmed delivering this referral (any generation) to this partner. */
    public boolean deliveredTo(UUID trackingId, String partnerId) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'DELIVERED' AND recipient_partner_id = ?""",
                Integer.class, trackingId, partnerId);
        return n != null && n > 0;
    }

    /** The referrals delivered to this partner whose referrer reference has one of these pseudonyms. */
    public List<UUID> deliveredByReference(Collection<String> referencePseudonyms, String partnerId) {
        if (referencePseudonyms.isEmpty()) {
            return List.of();
        }
        String marks = String.join(", ", referencePseudonyms.stream().map(p -> "?").toList());
        Object[] args = new Object[referencePseudonyms.size() + 1];
        int i = 0;
        for (String pseudonym : referencePseudonyms) {
            args[i++] = pseudonym;
        }
        args[i] = partnerId;
        return jdbc.query("""
                SELECT DISTINCT r.tracking_id FROM referral_reference r
                WHERE r.source_ref_pseudonym IN (%s)
                  AND EXISTS (SELECT 1 FROM ledger_event e WHERE e.tracking_id = r.tracking_id
                              AND e.event_type = 'DELIVERED' AND e.recipient_partner_id = ?)""".formatted(marks),
                (rs, n) -> rs.getObject(1, UUID.class), args);
    }

    /** The referrer, purpose and subject pseudonyms of a referral, from its RECEIVED record. */
    public Optional<ReferralFacts> referralFacts(UUID trackingId) {
        return jdbc.query("""
                SELECT id, sender_partner_id, purpose FROM ledger_event
                WHERE tracking_id = ? AND event_type = 'RECEIVED' ORDER BY id FETCH FIRST 1 ROWS ONLY""",
                (rs, i) -> {
                    long eventId = rs.getLong(1);
                    List<String> pseudonyms = jdbc.query(
                            "SELECT pseudonym FROM ledger_subject WHERE ledger_event_id = ? ORDER BY pseudonym",
                            (p, j) -> p.getString(1), eventId);
                    return new ReferralFacts(rs.getString(2), rs.getString(3), pseudonyms);
                }, trackingId).stream().findFirst();
    }

    public void insert(StoredOutcome outcome) {
        jdbc.update("""
                INSERT INTO referral_outcome (outcome_id, sender_partner_id, request_id, correlation_id,
                    referral_tracking_id, referrer_partner_id, format, outcome_code, task_status, decided_at,
                    received_at, payload)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                outcome.outcomeId(), outcome.senderPartnerId(), outcome.requestId(), outcome.correlationId(),
                outcome.referralTrackingId(), outcome.referrerPartnerId(), outcome.format(), outcome.outcomeCode(),
                outcome.taskStatus(), utc(outcome.decidedAt()), utc(outcome.receivedAt()), outcome.payload());
    }

    /** Indexes a referral's referrer reference (as a pseudonym) when it is stored. */
    public void insertReference(UUID trackingId, String senderPartnerId, String referencePseudonym, Instant at) {
        jdbc.update("""
                INSERT INTO referral_reference (tracking_id, sender_partner_id, source_ref_pseudonym, received_at)
                VALUES (?, ?, ?, ?)""", trackingId, senderPartnerId, referencePseudonym, utc(at));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }
}
