package org.junction.routes.deliver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The order of dispatches per (recipient, subject). The decide stage records each permitted
 * dispatch under every subject pseudonym it names; the deliver stage holds a dispatch back while an
 * earlier one to the same recipient about the same subject is still pending, so a partner never
 * receives a later message about a person before an earlier one, however priorities, retries and
 * replays reorder the queue. A dispatch's rows are deleted once it is delivered, failed for good or
 * cancelled: only pending dispatches are ever asked about, so the table holds the backlog, not the
 * history (the ledger keeps that).
 */
public class DispatchOrder {

    /** The state of every row: a finished dispatch's rows are deleted. */
    static final String PENDING = "PENDING";

    /**
     * An earlier pending dispatch about one subject: (recipient, subject pseudonym, state, and this
     * dispatch's row for that subject: tracking id, recipient, generation, subject pseudonym).
     * This dispatch's own id is a scalar subquery, so each side is looked up by equality on its own
     * whole index. As one join, PostgreSQL working from the statistics of a young table scanned
     * every pending dispatch of the recipient instead, so a backlog slowed its own draining.
     */
    static final String EARLIER_PENDING = """
            SELECT e.id FROM dispatch_order e
            WHERE e.recipient_partner_id = ? AND e.subject_pseudonym = ? AND e.state = ?
                AND e.id < (SELECT m.id FROM dispatch_order m WHERE m.tracking_id = ?
                    AND m.recipient_partner_id = ? AND m.generation = ? AND m.subject_pseudonym = ?)""";

    private final JdbcTemplate jdbc;

    public DispatchOrder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Joins the caller's transaction, with the dispatch's outbox row. One batch for all subjects; a
     * row already there (a redelivered decision's) is left as it is, checked in the insert so that
     * no unique violation poisons the caller's transaction on PostgreSQL.
     */
    public void record(UUID trackingId, String recipient, int generation, List<String> subjectPseudonyms) {
        List<Object[]> rows = subjectPseudonyms.stream().distinct()
                .map(pseudonym -> new Object[] {trackingId, recipient, generation, pseudonym, PENDING,
                        trackingId, recipient, generation, pseudonym})
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("""
                INSERT INTO dispatch_order (tracking_id, recipient_partner_id, generation, subject_pseudonym, state)
                SELECT ?, ?, ?, ?, ?
                WHERE NOT EXISTS (SELECT 1 FROM dispatch_order WHERE tracking_id = ? AND recipient_partner_id = ?
                    AND generation = ? AND subject_pseudonym = ?)""", rows);
    }

    /**
     * The condition that an earlier dispatch to this recipient about one of this dispatch's
     * subjects is still pending, for the deliver stage's one statement per delivery (see
     * {@link DispatchGate}). It must cost the same with ten or ten thousand dispatches waiting: a
     * branch per subject, each cheap (see {@link #EARLIER_PENDING}). Its arguments are
     * {@link #earlierPendingArguments}'s.
     *
     * @param subjects how many distinct subjects the dispatch names, at least one
     */
    static String earlierPending(int subjects) {
        return "EXISTS (" + String.join("\nUNION ALL\n", Collections.nCopies(subjects, EARLIER_PENDING)) + ")";
    }

    /**
     * The arguments of {@link #earlierPending}, in order.
     *
     * @param subjects the dispatch's distinct subject pseudonyms: those it was recorded under, as
     *                 the dispatch message carries the same list as the rows {@link #record} wrote
     */
    static List<Object> earlierPendingArguments(UUID trackingId, String recipient, int generation,
                                                List<String> subjects) {
        List<Object> args = new ArrayList<>(subjects.size() * 7);
        for (String subject : subjects) {
            args.addAll(List.of(recipient, subject, PENDING, trackingId, recipient, generation, subject));
        }
        return args;
    }

    /** Removes a dispatch delivered, failed for good or cancelled; joins the caller's transaction. */
    void done(UUID trackingId, String recipient, int generation) {
        jdbc.update("DELETE FROM dispatch_order WHERE tracking_id = ? AND recipient_partner_id = ? AND generation = ?",
                trackingId, recipient, generation);
    }
}
