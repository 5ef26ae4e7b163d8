package org.junction.hub.agreements;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.governance.agreement.AgreementApproval;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recorded approvals of agreement versions, each with its ledger event in the same transaction.
 */
public class AgreementApprovalStore {

    /** One recorded approval, with who recorded it (an operator id) and when. */
    public record Recorded(AgreementApproval approval, String approvedBy, Instant approvedAt) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final LedgerWriter ledger;

    public AgreementApprovalStore(JdbcTemplate jdbc, TransactionTemplate transactions, LedgerWriter ledger) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.transactions = Objects.requireNonNull(transactions);
        this.ledger = Objects.requireNonNull(ledger);
    }

    /**
     * Records the approval and its AGREEMENT_APPROVED ledger event, unless that organisation has
     * already approved that version.
     *
     * @return true when recorded now, false when it had been recorded before
     */
    public boolean approve(AgreementApproval approval, String approvedBy, Instant at) {
        try {
            return Boolean.TRUE.equals(transactions.execute(tx -> {
                // Checked first: on PostgreSQL a failed insert would poison the transaction.
                if (find(approval) != null) {
                    return false;
                }
                jdbc.update("""
                        INSERT INTO agreement_approval (agreement_id, agreement_version, organisation, approved_by,
                            approved_at)
                        VALUES (?, ?, ?, ?, ?)""", approval.agreementId(), approval.version(), approval.organisation(),
                        approvedBy, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                ledger.record(new LedgerEvent(UUID.randomUUID(), stageKey(approval), LedgerEventType.AGREEMENT_APPROVED,
                        at, approvedBy, null, null, null, null, "APPROVED", null, 1, List.of())
                        .withDetails(LedgerDetails.agreement(approval.agreementId(), approval.version())));
                return true;
            }));
        } catch (DuplicateKeyException approvedConcurrently) {
            return false;
        }
    }

    static String stageKey(AgreementApproval approval) {
        return LedgerEventType.AGREEMENT_APPROVED + "|" + approval.agreementId() + "|" + approval.version() + "|"
                + approval.organisation();
    }

    public List<Recorded> all() {
        return jdbc.query("""
                SELECT agreement_id, agreement_version, organisation, approved_by, approved_at
                FROM agreement_approval ORDER BY agreement_id, agreement_version, approved_at""",
                (rs, i) -> new Recorded(new AgreementApproval(rs.getString(1), rs.getInt(2), rs.getString(3)),
                        rs.getString(4), rs.getTimestamp(5).toInstant()));
    }

    public Set<AgreementApproval> approvals() {
        return all().stream().map(Recorded::approval).collect(Collectors.toSet());
    }

    private Recorded find(AgreementApproval approval) {
        return jdbc.query("""
                SELECT approved_by, approved_at FROM agreement_approval
                WHERE agreement_id = ? AND agreement_version = ? AND organisation = ?""",
                (rs, i) -> new Recorded(approval, rs.getString(1), rs.getTimestamp(2).toInstant()),
                approval.agreementId(), approval.version(), approval.organisation()).stream().findFirst().orElse(null);
    }
}
