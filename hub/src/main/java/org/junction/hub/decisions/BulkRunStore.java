package org.junction.hub.decisions;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.junction.adapters.intake.BulkRun;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.RunMarks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The runs of bulk feeds, their subjects marked NEW, CONTINUING or LEFT against the feed's
 * previous run, and the batch decisions taken on them. Ids, pseudonyms, codes and counts only.
 */
public class BulkRunStore implements IntakeService.BulkRunListener {

    private static final Logger log = LoggerFactory.getLogger(BulkRunStore.class);

    /** @param previousBatchId the run this one was marked against; null for a feed's first */
    public record Run(UUID batchId, String sender, String feed, String runLabel, Instant receivedAt,
                      UUID previousBatchId, int rowCount) {
    }

    public enum BatchState { DECIDING, DONE }

    /** A decision on a batch for one recipient; the override record stays sealed. */
    public record BatchDecision(UUID batchId, String recipient, String decision, BatchState state, String decidedBy,
                                Instant decidedAt, UUID decisionId, String overrideReason, byte[] overrideRecord,
                                int rowsDecided, int rowsPermitted) {
    }

    /** Held rows still waiting, grouped by batch, recipient and the flow they were held under. */
    public record PendingGroup(UUID batchId, String recipient, String sender, String purpose, String agreementId,
                               int agreementVersion, String flowId, String reasonCode, int rows, Instant waitingSince,
                               Instant decideBy) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;

    public BulkRunStore(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.transactions = Objects.requireNonNull(transactions);
    }

    /** Records a run and marks its subjects; a run already recorded (the same file read again) is left as it is. */
    @Override
    public void runStored(BulkRun run) {
        try {
            transactions.executeWithoutResult(tx -> record(run));
        } catch (DuplicateKeyException alreadyRecorded) {
            log.debug("Bulk run {} already recorded", run.batchId());
        }
    }

    private void record(BulkRun run) {
        if (find(run.batchId()).isPresent()) {
            return;
        }
        UUID previous = jdbc.query("""
                SELECT batch_id FROM bulk_run WHERE sender_partner_id = ? AND feed = ?
                ORDER BY received_at DESC, batch_id LIMIT 1""", (rs, i) -> rs.getObject(1, UUID.class),
                run.sender(), run.feed()).stream().findFirst().orElse(null);
        List<List<String>> before = previous == null ? List.of() : jdbc.query("""
                SELECT subject_pseudonyms FROM bulk_run_member WHERE batch_id = ? AND mark <> 'LEFT'
                ORDER BY member_no""", (rs, i) -> split(rs.getString(1)), previous);
        List<RunMarks.Marked> marked = RunMarks.mark(run.rows(), before);
        jdbc.update("""
                INSERT INTO bulk_run (batch_id, sender_partner_id, feed, run_label, received_at, previous_batch_id,
                    row_count) VALUES (?, ?, ?, ?, ?, ?, ?)""", run.batchId(), run.sender(), run.feed(),
                run.runLabel(), time(run.receivedAt()), previous, run.rows().size());
        List<Object[]> members = new ArrayList<>(marked.size());
        for (int i = 0; i < marked.size(); i++) {
            var m = marked.get(i);
            members.add(new Object[] {run.batchId(), i + 1, m.trackingId(), String.join(",", m.pseudonyms()),
                    m.mark().name()});
        }
        jdbc.batchUpdate("""
                INSERT INTO bulk_run_member (batch_id, member_no, tracking_id, subject_pseudonyms, mark)
                VALUES (?, ?, ?, ?, ?)""", members);
        log.info("Bulk run {} of {} ({}): {} rows, marked against {}", run.batchId(), run.sender(), run.feed(),
                run.rows().size(), previous);
    }

    public Optional<Run> find(UUID batchId) {
        return jdbc.query("SELECT * FROM bulk_run WHERE batch_id = ?", (rs, i) -> new Run(
                rs.getObject("batch_id", UUID.class), rs.getString("sender_partner_id"), rs.getString("feed"),
                rs.getString("run_label"), rs.getObject("received_at", OffsetDateTime.class).toInstant(),
                rs.getObject("previous_batch_id", UUID.class), rs.getInt("row_count")), batchId).stream().findFirst();
    }

    /** The mark of each row of a run, by its referral. */
    public Map<UUID, String> marks(UUID batchId) {
        Map<UUID, String> marks = new HashMap<>();
        jdbc.query("SELECT tracking_id, mark FROM bulk_run_member WHERE batch_id = ? AND tracking_id IS NOT NULL",
                (ResultSet rs) -> {
                    marks.put(rs.getObject(1, UUID.class), rs.getString(2));
                }, batchId);
        return marks;
    }

    /** The subjects of the previous run that this run no longer lists: pseudonyms only. */
    public List<List<String>> left(UUID batchId) {
        return jdbc.query("SELECT subject_pseudonyms FROM bulk_run_member WHERE batch_id = ? AND mark = 'LEFT'"
                + " ORDER BY member_no", (rs, i) -> split(rs.getString(1)), batchId);
    }

    /** Subjects by mark: NEW and CONTINUING among the rows still waiting for the recipient, LEFT for the run. */
    public Map<String, Integer> markCounts(UUID batchId, String recipient) {
        Map<String, Integer> counts = new HashMap<>();
        jdbc.query("""
                SELECT m.mark, COUNT(*) FROM bulk_run_member m WHERE m.batch_id = ? AND (m.mark = 'LEFT'
                    OR m.tracking_id IN (SELECT h.tracking_id FROM held_decision h WHERE h.batch_id = ?
                        AND h.recipient_partner_id = ? AND h.state = 'PENDING'))
                GROUP BY m.mark""", (ResultSet rs) -> {
                    counts.put(rs.getString(1), rs.getInt(2));
                }, batchId, batchId, recipient);
        return counts;
    }

    /**
     * Rows of a run the decide stage has not decided yet: while any are, the batch is still
     * arriving. A row that could not be decided at all (dead-lettered) does not hold the batch up.
     */
    public int undecidedRows(UUID batchId) {
        Integer n = jdbc.queryForObject("""
                SELECT COUNT(*) FROM bulk_run_member m WHERE m.batch_id = ? AND m.tracking_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM sharing_decision d WHERE d.tracking_id = m.tracking_id)
                AND NOT EXISTS (SELECT 1 FROM ledger_event e WHERE e.tracking_id = m.tracking_id
                    AND e.event_type = 'INTAKE_FAILED')""",
                Integer.class, batchId);
        return n == null ? 0 : n;
    }

    public List<PendingGroup> pendingGroups() {
        return jdbc.query("""
                SELECT batch_id, recipient_partner_id, sender_partner_id, purpose, agreement_id, agreement_version,
                    flow_id, reason_code, COUNT(*) AS n, MIN(waiting_since) AS since, MIN(decide_by) AS due
                FROM held_decision WHERE state = 'PENDING' AND batch_id IS NOT NULL
                GROUP BY batch_id, recipient_partner_id, sender_partner_id, purpose, agreement_id, agreement_version,
                    flow_id, reason_code
                ORDER BY since""", (rs, i) -> new PendingGroup(rs.getObject("batch_id", UUID.class),
                rs.getString("recipient_partner_id"), rs.getString("sender_partner_id"), rs.getString("purpose"),
                rs.getString("agreement_id"), rs.getInt("agreement_version"), rs.getString("flow_id"),
                rs.getString("reason_code"), rs.getInt("n"), rs.getObject("since", OffsetDateTime.class).toInstant(),
                rs.getObject("due", OffsetDateTime.class).toInstant()));
    }

    /** Takes the one decision on a batch for a recipient; a second one fails with {@link DuplicateKeyException}. */
    public void claim(BatchDecision decision) {
        jdbc.update("""
                INSERT INTO bulk_batch_decision (batch_id, recipient_partner_id, decision, state, decided_by,
                    decided_at, decision_id, override_reason, override_record)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", decision.batchId(), decision.recipient(), decision.decision(),
                BatchState.DECIDING.name(), decision.decidedBy(), time(decision.decidedAt()), decision.decisionId(),
                decision.overrideReason(), decision.overrideRecord());
    }

    public Optional<BatchDecision> decision(UUID batchId, String recipient) {
        return jdbc.query("SELECT * FROM bulk_batch_decision WHERE batch_id = ? AND recipient_partner_id = ?",
                this::decisionRow, batchId, recipient).stream().findFirst();
    }

    /** Batch decisions a restart cut short: their remaining rows are still to be decided. */
    public List<BatchDecision> unfinished() {
        return jdbc.query("SELECT * FROM bulk_batch_decision WHERE state = 'DECIDING' ORDER BY decided_at",
                this::decisionRow);
    }

    /** Counts a chunk of rows decided; joins the chunk's transaction, so the counts match the rows. */
    public void progressed(UUID batchId, String recipient, int decided, int permitted) {
        jdbc.update("""
                UPDATE bulk_batch_decision SET rows_decided = rows_decided + ?, rows_permitted = rows_permitted + ?
                WHERE batch_id = ? AND recipient_partner_id = ?""", decided, permitted, batchId, recipient);
    }

    public void completed(UUID batchId, String recipient, Instant at) {
        jdbc.update("""
                UPDATE bulk_batch_decision SET state = ?, completed_at = ? WHERE batch_id = ? AND recipient_partner_id = ?
                AND state = ?""", BatchState.DONE.name(), time(at), batchId, recipient, BatchState.DECIDING.name());
    }

    private BatchDecision decisionRow(ResultSet rs, int i) throws SQLException {
        return new BatchDecision(rs.getObject("batch_id", UUID.class), rs.getString("recipient_partner_id"),
                rs.getString("decision"), BatchState.valueOf(rs.getString("state")), rs.getString("decided_by"),
                rs.getObject("decided_at", OffsetDateTime.class).toInstant(), rs.getObject("decision_id", UUID.class),
                rs.getString("override_reason"), rs.getBytes("override_record"), rs.getInt("rows_decided"),
                rs.getInt("rows_permitted"));
    }

    private static List<String> split(String pseudonyms) {
        return pseudonyms == null || pseudonyms.isEmpty() ? List.of() : Arrays.asList(pseudonyms.split(","));
    }

    private static OffsetDateTime time(Instant at) {
        return at == null ? null : OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
