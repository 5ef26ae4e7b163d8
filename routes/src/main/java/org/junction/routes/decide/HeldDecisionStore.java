package org.junction.routes.decide;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Referrals held for a decision-maker, one per referral, recipient and held generation. The
 * referral as received and what the recipient would get are stored sealed; everything else is
 * ids, codes and times.
 */
public class HeldDecisionStore {

    public enum State { PENDING, APPROVED, DECLINED }

    /**
     * @param generation the generation that was held; an approval is decided as a later one
     * @param decideBy   waiting past this raises an alert (the flow's maximum decision wait)
     * @param batchId    the bulk run the referral is a row of, decided as one batch; null for a single referral
     */
    public record Held(UUID id, UUID trackingId, String recipient, String sender, String purpose, int generation,
                       String agreementId, int agreementVersion, String flowId, String reasonCode,
                       List<String> pseudonyms, byte[] referralPayload, byte[] minimisedPayload, Instant waitingSince,
                       Instant decideBy, State state, String decidedBy, Instant decidedAt, UUID decisionId,
                       UUID batchId) {
    }

    private final JdbcTemplate jdbc;

    public HeldDecisionStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    /** What the referral payload is sealed to: it opens only as this held decision's. */
    public static byte[] referralAad(UUID id) {
        return ("held|" + id + "|referral").getBytes(StandardCharsets.UTF_8);
    }

    public static byte[] minimisedAad(UUID id) {
        return ("held|" + id + "|minimised").getBytes(StandardCharsets.UTF_8);
    }

    public void insert(Held held) {
        jdbc.update("""
                INSERT INTO held_decision (id, tracking_id, recipient_partner_id, sender_partner_id, purpose, generation,
                    agreement_id, agreement_version, flow_id, reason_code, subject_pseudonyms, referral_payload,
                    minimised_payload, waiting_since, decide_by, state, batch_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                held.id(), held.trackingId(), held.recipient(), held.sender(), held.purpose(), held.generation(),
                held.agreementId(), held.agreementVersion(), held.flowId(), held.reasonCode(),
                String.join(",", held.pseudonyms()), held.referralPayload(), held.minimisedPayload(),
                time(held.waitingSince()), time(held.decideBy()), State.PENDING.name(), held.batchId());
    }

    public List<Held> pending() {
        return jdbc.query("SELECT * FROM held_decision WHERE state = 'PENDING' ORDER BY waiting_since, id", this::row);
    }

    /** Pending items that are not rows of a bulk batch: those are decided a batch at a time. */
    public List<Held> pendingSingles() {
        return jdbc.query("SELECT * FROM held_decision WHERE state = 'PENDING' AND batch_id IS NULL"
                + " ORDER BY waiting_since, id", this::row);
    }

    /** Pending rows of one batch for one recipient, oldest first, at most {@code limit}, from row {@code offset}. */
    public List<Held> pendingInBatch(UUID batchId, String recipient, int offset, int limit) {
        return jdbc.query("""
                SELECT * FROM held_decision WHERE batch_id = ? AND recipient_partner_id = ? AND state = 'PENDING'
                ORDER BY waiting_since, id LIMIT ? OFFSET ?""", this::row, batchId, recipient, limit, offset);
    }

    /**
     * Locks up to {@code limit} pending rows of one batch for the caller's transaction: a chunk of
     * a batch decision. Rows someone else holds locked are waited for, then seen decided.
     */
    public List<Held> lockPendingInBatch(UUID batchId, String recipient, int limit) {
        return jdbc.query("""
                SELECT * FROM held_decision WHERE batch_id = ? AND recipient_partner_id = ? AND state = 'PENDING'
                ORDER BY id LIMIT ? FOR UPDATE""", this::row, batchId, recipient, limit);
    }

    /** An agreement flow rows were held under. */
    public record FlowKey(String agreementId, int agreementVersion, String flowId) {
    }

    /** The distinct agreement flows a batch's rows for a recipient were held under. */
    public List<FlowKey> batchFlows(UUID batchId, String recipient) {
        return jdbc.query("""
                SELECT DISTINCT agreement_id, agreement_version, flow_id FROM held_decision
                WHERE batch_id = ? AND recipient_partner_id = ?""",
                (rs, i) -> new FlowKey(rs.getString(1), rs.getInt(2), rs.getString(3)), batchId, recipient);
    }

    public Optional<Held> find(UUID id) {
        return jdbc.query("SELECT * FROM held_decision WHERE id = ?", this::row, id).stream().findFirst();
    }

    /** Locks the row for the caller's transaction, so two people cannot decide the same item at once. */
    public Optional<Held> lock(UUID id) {
        return jdbc.query("SELECT * FROM held_decision WHERE id = ? FOR UPDATE", this::row, id).stream().findFirst();
    }

    /** Approved held decisions, newest first: the IG review list. */
    public List<Held> approved() {
        return jdbc.query("SELECT * FROM held_decision WHERE state = 'APPROVED' ORDER BY decided_at DESC, id", this::row);
    }

    /** Marks a pending item decided; false when someone decided it first. */
    public boolean decide(UUID id, State state, String decidedBy, Instant at, UUID decisionId, String overrideReason,
                          byte[] sealedOverride) {
        return jdbc.update("""
                UPDATE held_decision SET state = ?, decided_by = ?, decided_at = ?, decision_id = ?, override_reason = ?,
                    override_record = ?
                WHERE id = ? AND state = 'PENDING'""",
                state.name(), decidedBy, time(at), decisionId, overrideReason, sealedOverride, id) == 1;
    }

    /** Pending items past their decide-by not alerted yet; marks them alerted. */
    public List<Held> newlyOverdue(Instant now) {
        List<Held> overdue = jdbc.query("""
                SELECT * FROM held_decision WHERE state = 'PENDING' AND overdue_alerted = FALSE AND decide_by < ?
                ORDER BY decide_by""", this::row, time(now));
        for (Held held : overdue) {
            jdbc.update("UPDATE held_decision SET overdue_alerted = TRUE WHERE id = ?", held.id());
        }
        return overdue;
    }

    private Held row(ResultSet rs, int i) throws SQLException {
        String pseudonyms = rs.getString("subject_pseudonyms");
        var decidedAt = rs.getObject("decided_at", OffsetDateTime.class);
        return new Held(rs.getObject("id", UUID.class), rs.getObject("tracking_id", UUID.class),
                rs.getString("recipient_partner_id"), rs.getString("sender_partner_id"), rs.getString("purpose"),
                rs.getInt("generation"), rs.getString("agreement_id"), rs.getInt("agreement_version"),
                rs.getString("flow_id"), rs.getString("reason_code"),
                pseudonyms.isEmpty() ? List.of() : Arrays.asList(pseudonyms.split(",")),
                rs.getBytes("referral_payload"), rs.getBytes("minimised_payload"),
                rs.getObject("waiting_since", OffsetDateTime.class).toInstant(),
                rs.getObject("decide_by", OffsetDateTime.class).toInstant(), State.valueOf(rs.getString("state")),
                rs.getString("decided_by"), decidedAt == null ? null : decidedAt.toInstant(),
                rs.getObject("decision_id", UUID.class), rs.getObject("batch_id", UUID.class));
    }

    private static OffsetDateTime time(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
