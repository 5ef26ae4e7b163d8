package org.junction.security.sharing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junction.security.governance.decision.SharingOutcome;
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

    /**
     * Records a decision under an agreement with what it rested on: the basis, the codes, the
     * agreement, flow, consent and override ids, and the names of the items and categories
     * disclosed and withheld. Nothing in it identifies the subject.
     */
    public void insert(UUID trackingId, int generation, SharingOutcome outcome) {
        var record = outcome.record();
        jdbc.update("""
                INSERT INTO sharing_decision (tracking_id, recipient_partner_id, generation, outcome, reason_code,
                    decided_at, basis_kind, legal_basis_codes, agreement_id, agreement_version, flow_id, consent_id,
                    decision_id, disclosed_items, disclosed_categories, withheld_items, withheld_categories)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                trackingId, outcome.recipient().partnerId(), generation, outcome.verdict().name(),
                outcome.reasonCode(), OffsetDateTime.ofInstant(outcome.decidedAt(), ZoneOffset.UTC),
                outcome.basisKind() == null ? null : outcome.basisKind().name(),
                String.join(" ", outcome.legalBasisCodes()), outcome.agreementId(), outcome.agreementVersion(),
                outcome.flowId(), outcome.consentId(), outcome.decisionId(), names(record.disclosedItems()),
                names(record.disclosedCategories()), names(record.withheldItems()), names(record.withheldCategories()));
    }

    /** The latest generation decided for this referral and recipient, or 0. */
    public int latestGeneration(UUID trackingId, String recipient) {
        Integer latest = jdbc.queryForObject("""
                SELECT MAX(generation) FROM sharing_decision WHERE tracking_id = ? AND recipient_partner_id = ?""",
                Integer.class, trackingId, recipient);
        return latest == null ? 0 : latest;
    }

    private static String names(Set<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).sorted().collect(Collectors.joining(" "));
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
