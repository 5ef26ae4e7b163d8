package org.junction.routes.deliver;

import java.util.List;
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

    /** Whether an earlier dispatch to this recipient about one of this dispatch's subjects is still pending. */
    public boolean heldBack(UUID trackingId, String recipient, int generation) {
        Integer earlier = jdbc.queryForObject("""
                SELECT COUNT(*) FROM dispatch_order earlier
                JOIN dispatch_order mine ON mine.recipient_partner_id = earlier.recipient_partner_id
                    AND mine.subject_pseudonym = earlier.subject_pseudonym
                WHERE mine.tracking_id = ? AND mine.recipient_partner_id = ? AND mine.generation = ?
                    AND earlier.id < mine.id AND earlier.state = ?""",
                Integer.class, trackingId, recipient, generation, PENDING);
        return earlier != null && earlier > 0;
    }

    /** Marks a dispatch delivered or failed for good; joins the caller's transaction. */
    void done(UUID trackingId, String recipient, int generation, String state) {
        jdbc.update("""
                UPDATE dispatch_order SET state = ?
                WHERE tracking_id = ? AND recipient_partner_id = ? AND generation = ?""",
                state, trackingId, recipient, generation);
    }
}
