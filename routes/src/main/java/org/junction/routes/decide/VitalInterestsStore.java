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
 * The retrospective decision records owed for referrals shared on vital interests, one per
 * referral and recipient. Ids, codes and times; the record a decision-maker makes is stored sealed.
 */
public class VitalInterestsStore {

    public enum State { OUTSTANDING, RECORDED }

    /**
     * @param generation      the generation of the vital-interests PERMIT
     * @param specialCategory what was shared included special category data (the record must say more)
     * @param recordDue       when the decision record is due (the flow's retrospective-record-within)
     */
    public record Obligation(UUID id, UUID trackingId, String recipient, String sender, String senderOrganisation,
                             String purpose, int generation, String agreementId, int agreementVersion, String flowId,
                             boolean specialCategory, List<String> pseudonyms, Instant sharedAt, Instant recordDue,
                             State state, String recordedBy, Instant recordedAt, UUID decisionId) {

        public Obligation {
            pseudonyms = List.copyOf(pseudonyms);
        }

        public boolean overdue(Instant now) {
            return state == State.OUTSTANDING && recordDue.isBefore(now);
        }
    }

    private final JdbcTemplate jdbc;

    public VitalInterestsStore(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
    }

    /** What a decision record is sealed to: it opens only as this obligation's. */
    public static byte[] recordAad(UUID id) {
        return ("vital-interests|" + id + "|record").getBytes(StandardCharsets.UTF_8);
    }

    /** The id an obligation of one referral and recipient gets, whichever node decides it. */
    public static UUID idOf(UUID trackingId, String recipient) {
        return UUID.nameUUIDFromBytes(("vital-interests|" + trackingId + "|" + recipient).getBytes(StandardCharsets.UTF_8));
    }

    /** Stores the obligation unless the referral already owes one for the recipient; true when stored. */
    public boolean insertIfAbsent(Obligation o) {
        Integer existing = jdbc.queryForObject("""
                SELECT COUNT(*) FROM vital_interests_record WHERE tracking_id = ? AND recipient_partner_id = ?""",
                Integer.class, o.trackingId(), o.recipient());
        if (existing != null && existing > 0) {
            return false;
        }
        jdbc.update("""
                INSERT INTO vital_interests_record (id, tracking_id, recipient_partner_id, sender_partner_id,
                    sender_organisation, purpose, generation, agreement_id, agreement_version, flow_id, special_category,
                    subject_pseudonyms, shared_at, record_due, state)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                o.id(), o.trackingId(), o.recipient(), o.sender(), o.senderOrganisation(), o.purpose(), o.generation(),
                o.agreementId(), o.agreementVersion(), o.flowId(), o.specialCategory(), String.join(",", o.pseudonyms()),
                time(o.sharedAt()), time(o.recordDue()), State.OUTSTANDING.name());
        return true;
    }

    /** Outstanding obligations, soonest due first. */
    public List<Obligation> outstanding() {
        return jdbc.query("SELECT * FROM vital_interests_record WHERE state = 'OUTSTANDING' ORDER BY record_due, id",
                this::row);
    }

    public Optional<Obligation> find(UUID id) {
        return jdbc.query("SELECT * FROM vital_interests_record WHERE id = ?", this::row, id).stream().findFirst();
    }

    /** Locks the row for the caller's transaction, so two people cannot record the same obligation at once. */
    public Optional<Obligation> lock(UUID id) {
        return jdbc.query("SELECT * FROM vital_interests_record WHERE id = ? FOR UPDATE", this::row, id).stream()
                .findFirst();
    }

    /** Marks an outstanding obligation recorded; false when someone recorded it first. */
    public boolean record(UUID id, String recordedBy, Instant at, UUID decisionId, String overrideReason,
                          byte[] sealedRecord) {
        return jdbc.update("""
                UPDATE vital_interests_record SET state = 'RECORDED', recorded_by = ?, recorded_at = ?, decision_id = ?,
                    override_reason = ?, decision_record = ?
                WHERE id = ? AND state = 'OUTSTANDING'""",
                recordedBy, time(at), decisionId, overrideReason, sealedRecord, id) == 1;
    }

    /** Outstanding obligations past their due time not alerted yet; marks them alerted. */
    public List<Obligation> newlyOverdue(Instant now) {
        List<Obligation> overdue = jdbc.query("""
                SELECT * FROM vital_interests_record
                WHERE state = 'OUTSTANDING' AND overdue_alerted = FALSE AND record_due < ?
                ORDER BY record_due""", this::row, time(now));
        for (Obligation o : overdue) {
            jdbc.update("UPDATE vital_interests_record SET overdue_alerted = TRUE WHERE id = ?", o.id());
        }
        return overdue;
    }

    private Obligation row(ResultSet rs, int i) throws SQLException {
        String pseudonyms = rs.getString("subject_pseudonyms");
        var recordedAt = rs.getObject("recorded_at", OffsetDateTime.class);
        return new Obligation(rs.getObject("id", UUID.class), rs.getObject("tracking_id", UUID.class),
                rs.getString("recipient_partner_id"), rs.getString("sender_partner_id"),
                rs.getString("sender_organisation"), rs.getString("purpose"), rs.getInt("generation"),
                rs.getString("agreement_id"), rs.getInt("agreement_version"), rs.getString("flow_id"),
                rs.getBoolean("special_category"),
                pseudonyms.isEmpty() ? List.of() : Arrays.asList(pseudonyms.split(",")),
                rs.getObject("shared_at", OffsetDateTime.class).toInstant(),
                rs.getObject("record_due", OffsetDateTime.class).toInstant(), State.valueOf(rs.getString("state")),
                rs.getString("recorded_by"), recordedAt == null ? null : recordedAt.toInstant(),
                rs.getObject("decision_id", UUID.class));
    }

    private static OffsetDateTime time(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
