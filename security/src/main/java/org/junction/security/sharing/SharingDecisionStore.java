package org.junction.security.sharing;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.consent.ConsentStore;
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

    /**
     * What the decide stage reads before it decides, in one statement: nothing when this
     * generation of the referral is already decided (an earlier delivery of its message decided
     * it), else the consents on record under any of the subject's pseudonyms, each once, as
     * {@link ConsentStore#forSubject} reads them.
     */
    public Optional<List<ConsentRecord>> consentsUnlessDecided(UUID trackingId, int generation,
                                                               Collection<String> subjectPseudonyms) {
        if (subjectPseudonyms.isEmpty()) {
            return decided(trackingId, generation) ? Optional.empty() : Optional.of(List.of());
        }
        List<Object> args = new ArrayList<>(subjectPseudonyms.size() + 2);
        args.add(trackingId);
        args.add(generation);
        args.addAll(subjectPseudonyms);
        return jdbc.query(consentsUnlessDecided(subjectPseudonyms.size()), rs -> {
            Map<UUID, ConsentRecord> consents = new LinkedHashMap<>();
            while (rs.next()) {
                if (rs.getBoolean(1)) {
                    return Optional.empty();
                }
                ConsentRecord consent = ConsentStore.read(rs, 2);
                if (consent != null) {
                    // A consent recorded under two of the pseudonyms comes twice.
                    consents.putIfAbsent(consent.id(), consent);
                }
            }
            return Optional.of(List.copyOf(consents.values()));
        }, args.toArray());
    }

    /**
     * The statement of {@link #consentsUnlessDecided}: its arguments are the tracking id, the
     * generation and the pseudonyms. One row even where no consent is on record, since the outer
     * join keeps the anchor's.
     */
    static String consentsUnlessDecided(int subjects) {
        return "SELECT EXISTS (SELECT 1 FROM sharing_decision WHERE tracking_id = ? AND generation = ?), "
                + ConsentStore.columns("c") + " FROM (SELECT 1 AS anchor) a LEFT JOIN consent_record c"
                + " ON c.subject_pseudonym IN (" + String.join(", ", Collections.nCopies(subjects, "?")) + ")";
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
