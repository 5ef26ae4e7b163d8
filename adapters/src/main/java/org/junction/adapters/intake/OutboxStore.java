package org.junction.adapters.intake;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/** Intake's tables: the idempotency keys and the transactional outbox. */
public class OutboxStore {

    private final JdbcTemplate jdbc;

    public OutboxStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    public Optional<UUID> findTrackingId(String senderPartnerId, String requestId) {
        return findRequest(senderPartnerId, requestId).map(EarlierRequest::trackingId);
    }

    /** The referral a sender's request id was accepted as, with the digest of its body where one was kept. */
    public Optional<EarlierRequest> findRequest(String senderPartnerId, String requestId) {
        return jdbc.query("""
                SELECT tracking_id, body_digest FROM intake_request WHERE sender_partner_id = ? AND request_id = ?""",
                (rs, i) -> new EarlierRequest(rs.getObject(1, UUID.class), rs.getString(2)),
                senderPartnerId, requestId).stream().findFirst();
    }

    /** @param bodyDigest null for requests accepted before digests were kept, and for bulk rows */
    public record EarlierRequest(UUID trackingId, String bodyDigest) {
    }

    /** The sender of a referral, for checking who may see its status. */
    public Optional<String> senderOf(UUID trackingId) {
        return jdbc.query("SELECT sender_partner_id FROM intake_request WHERE tracking_id = ?",
                (rs, i) -> rs.getString(1), trackingId).stream().findFirst();
    }

    /** @see #insertRequest(String, String, UUID, String, Instant, boolean, String) */
    public boolean insertRequest(String senderPartnerId, String requestId, UUID trackingId, String correlationId,
                                 Instant receivedAt) {
        return insertRequest(senderPartnerId, requestId, trackingId, correlationId, receivedAt, false);
    }

    /**
     * @param urgent whether the referral is urgent (priority or risk), kept in clear so that
     *               operations can watch its delivery time without opening the payload
     * @see #insertRequest(String, String, UUID, String, Instant, boolean, String)
     */
    public boolean insertRequest(String senderPartnerId, String requestId, UUID trackingId, String correlationId,
                                 Instant receivedAt, boolean urgent) {
        return insertRequest(senderPartnerId, requestId, trackingId, correlationId, receivedAt, urgent, null);
    }

    /**
     * Records the sender's request id, unless it is recorded already.
     *
     * @param bodyDigest of the request's body as received, so a repeat can be told from a reuse
     * @return false for a request id recorded before: a sender's repeat, found without a unique
     *         violation, which PostgreSQL would log as an error each time. Two first requests racing
     *         on two connections still meet the key, and the later one gets a DuplicateKeyException.
     */
    public boolean insertRequest(String senderPartnerId, String requestId, UUID trackingId, String correlationId,
                                 Instant receivedAt, boolean urgent, String bodyDigest) {
        return jdbc.update("""
                INSERT INTO intake_request (sender_partner_id, request_id, tracking_id, correlation_id, received_at,
                    urgent, body_digest)
                SELECT ?, ?, ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM intake_request WHERE sender_partner_id = ? AND request_id = ?)""",
                senderPartnerId, requestId, trackingId, correlationId, utc(receivedAt), urgent, bodyDigest,
                senderPartnerId, requestId) == 1;
    }

    public void insert(OutboxRow row) {
        jdbc.update("""
                INSERT INTO outbox (tracking_id, destination, duplicate_id, sender_partner_id, recipient_partner_id,
                    correlation_id, generation, purpose, subject_pseudonyms, payload, created_at, priority,
                    claimed_until)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                row.trackingId(), row.destination(), row.duplicateId(), row.senderPartnerId(),
                row.recipientPartnerId(), row.correlationId(), row.generation(), row.purpose(),
                BrokerHeaders.joinSubjects(row.subjectPseudonyms()), row.payload(), utc(row.createdAt()), row.priority(),
                row.claimedUntil() == null ? null : utc(row.claimedUntil()));
    }

    /**
     * Ends the claims on a referral generation's rows, so the relay sends them at once: the stage
     * that claimed them was stopped before the broker took them (its message is being redelivered).
     * Joins the caller's transaction.
     */
    public int releaseClaims(UUID trackingId, int generation, Instant now) {
        return jdbc.update("""
                UPDATE outbox SET claimed_until = ?
                WHERE tracking_id = ? AND generation = ? AND claimed_until > ?""",
                utc(now), trackingId, generation, utc(now));
    }

    /**
     * Ends the claims on rows written before {@code startedAt}: at a node's start, those an earlier
     * run left unconfirmed (killed between the broker's commit and the relay's delete, say), which
     * would otherwise hold their rows until they ran out. Another live node's claim ended this way
     * costs a second send, which the broker drops by its duplicate id (or which, landing first,
     * makes the stage's own transaction roll back and its intake message come again, already
     * decided).
     */
    public int releaseClaimsWrittenBefore(Instant startedAt, Instant now) {
        return jdbc.update("UPDATE outbox SET claimed_until = ? WHERE claimed_until > ? AND created_at < ?",
                utc(now), utc(now), utc(startedAt));
    }

    /**
     * Records that {@code replacement} is a corrected version of {@code original}, which the same
     * sender sent: the original's undelivered dispatches are then cancelled and its past recipients
     * recalled. The first record stands: a repeat, or a referral already taken back, changes nothing.
     */
    public void recordCorrection(UUID original, UUID replacement, String senderPartnerId, Instant at) {
        Integer known = jdbc.queryForObject("SELECT COUNT(*) FROM referral_withdrawal WHERE tracking_id = ?",
                Integer.class, original);
        if (known != null && known > 0) {
            return;
        }
        try {
            jdbc.update("""
                    INSERT INTO referral_withdrawal (tracking_id, sender_partner_id, cause, reason_code, replaced_by,
                        marked_at)
                    VALUES (?, ?, 'CORRECTION', 'CORRECTED', ?, ?)""", original, senderPartnerId, replacement, utc(at));
        } catch (org.springframework.dao.DuplicateKeyException concurrent) {
            // Another request took it back first; that one stands.
        }
    }

    public int backlog() {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM outbox", Integer.class);
        return n == null ? 0 : n;
    }

    /**
     * The oldest rows first, so the broker sees messages in the order they were accepted, locked
     * for the caller's transaction (which it joins). Read and locked in one statement: a relay pass
     * at a steady rate finds a row or two, and a separate read before the lock cost every pass a
     * transaction of its own. Another node's relay holding some of them makes this wait; the rows it
     * moved meanwhile are not returned, so a short or empty answer can follow the wait. Rows still
     * claimed at {@code now} are left to the stage that claimed them.
     */
    public List<OutboxRow> lockOldest(int limit, Instant now) {
        return jdbc.query("""
                SELECT id, tracking_id, destination, duplicate_id, sender_partner_id, recipient_partner_id,
                    correlation_id, generation, purpose, subject_pseudonyms, payload, created_at, priority,
                    claimed_until
                FROM outbox WHERE claimed_until IS NULL OR claimed_until <= ?
                ORDER BY id FETCH FIRST ? ROWS ONLY FOR UPDATE""",
                (rs, i) -> new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9),
                        BrokerHeaders.splitSubjects(rs.getString(10)), rs.getBytes(11),
                        rs.getObject(12, OffsetDateTime.class).toInstant(), rs.getInt(13),
                        instantOrNull(rs.getObject(14, OffsetDateTime.class))),
                utc(now), limit);
    }

    /** Deletes the rows; joins the caller's transaction. */
    public int delete(List<Long> ids) {
        return delete(ids, List.of());
    }

    /**
     * Deletes the rows, and the claimed rows the broker has confirmed by their duplicate ids, in one
     * statement; joins the caller's transaction.
     */
    public int delete(List<Long> ids, List<String> duplicateIds) {
        if (ids.isEmpty() && duplicateIds.isEmpty()) {
            return 0;
        }
        List<String> conditions = new ArrayList<>(2);
        List<Object> args = new ArrayList<>(ids.size() + duplicateIds.size());
        if (!ids.isEmpty()) {
            conditions.add("id IN (" + marks(ids.size()) + ")");
            args.addAll(ids);
        }
        if (!duplicateIds.isEmpty()) {
            conditions.add("duplicate_id IN (" + marks(duplicateIds.size()) + ")");
            args.addAll(duplicateIds);
        }
        return jdbc.update("DELETE FROM outbox WHERE " + String.join(" OR ", conditions), args.toArray());
    }

    private static Instant instantOrNull(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
