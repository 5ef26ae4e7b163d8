package org.junction.routes.deliver;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The order of dispatches per (recipient, subject). The decide stage records each permitted
 * dispatch under every subject pseudonym it names; the deliver stage holds a dispatch back while an
 * earlier one to the same recipient about the same subject is still pending, so a partner never
 * receives a later message about a person before an earlier one, however priorities, retries and
 * replays reorder the queue. A dispatch stops being pending once delivered, failed for good, or
 * cancelled.
 */
public class DispatchOrder {

    static final String PENDING = "PENDING";
    static final String DELIVERED = "DELIVERED";
    static final String FAILED = "FAILED";
    static final String CANCELLED = "CANCELLED";

    /** This dispatch's rows, one per subject pseudonym: (tracking id, recipient, generation). */
    static final String MINE = """
            SELECT id, subject_pseudonym FROM dispatch_order
            WHERE tracking_id = ? AND recipient_partner_id = ? AND generation = ?""";
    /** An earlier pending dispatch about one subject: (recipient, subject pseudonym, state, id). */
    static final String EARLIER_PENDING = """
            SELECT id FROM dispatch_order
            WHERE recipient_partner_id = ? AND subject_pseudonym = ? AND state = ? AND id < ?
            FETCH FIRST 1 ROWS ONLY""";

    private final JdbcTemplate jdbc;

    public DispatchOrder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Joins the caller's transaction, with the dispatch's outbox row. */
    public void record(UUID trackingId, String recipient, int generation, List<String> subjectPseudonyms) {
        for (String pseudonym : subjectPseudonyms) {
            try {
                jdbc.update("""
                        INSERT INTO dispatch_order (tracking_id, recipient_partner_id, generation, subject_pseudonym, state)
                        VALUES (?, ?, ?, ?, ?)""", trackingId, recipient, generation, pseudonym, PENDING);
            } catch (DuplicateKeyException alreadyRecorded) {
                // A redelivered decision finds its own rows.
            }
        }
    }

    /**
     * Whether an earlier dispatch to this recipient about one of this dispatch's subjects is still
     * pending. Asked once per delivery, so it must cost the same with ten or ten thousand dispatches
     * waiting: each subject is looked up by equality on the whole (recipient, subject, state) index.
     * Asked as one join, PostgreSQL working from the statistics of a young table scanned every
     * pending dispatch of the recipient instead, so a backlog slowed its own draining.
     */
    public boolean heldBack(UUID trackingId, String recipient, int generation) {
        var mine = jdbc.query(MINE, (row, n) -> Map.entry(row.getLong(1), row.getString(2)),
                trackingId, recipient, generation);
        for (var subject : mine) {
            var earlier = jdbc.queryForList(EARLIER_PENDING, Long.class, recipient, subject.getValue(), PENDING,
                    subject.getKey());
            if (!earlier.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** Marks a dispatch delivered or failed for good; joins the caller's transaction. */
    void done(UUID trackingId, String recipient, int generation, String state) {
        jdbc.update("""
                UPDATE dispatch_order SET state = ?
                WHERE tracking_id = ? AND recipient_partner_id = ? AND generation = ?""",
                state, trackingId, recipient, generation);
    }
}
