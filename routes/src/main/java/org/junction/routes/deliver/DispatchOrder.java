package org.junction.routes.deliver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junction.security.sql.DatabaseProduct;
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
     * Whether an earlier dispatch to the recipient about one subject is still pending: of the
     * recipient's pending rows about the subject, the first is older than this dispatch's own row
     * for it (its tracking id and generation), which is among them. One lookup per subject, by
     * equality on the whole of {@code ix_dispatch_order_subject}: one range read by several
     * subjects at once is planned, on a young table, as a read of the recipient's whole backlog in
     * index order, to save sorting a row or two. Looking this dispatch's own row up separately, as
     * before, doubled the lookups; each of them is a pass over the table whenever PostgreSQL
     * chooses to scan it instead (see {@code QueueTableVacuum}).
     */
    private static final String EARLIER_PENDING = """
            SELECT 1 FROM dispatch_order o
            WHERE o.recipient_partner_id = ? AND o.subject_pseudonym = ? AND o.state = ?
            HAVING MIN(o.id) < MIN(CASE WHEN o.tracking_id = ? AND o.generation = ? THEN o.id END)""";

    /**
     * PostgreSQL checks for the row in the unique index it inserts into. A lookup of its own, as
     * H2 needs, is planned like any other and became a pass over the table when PostgreSQL chose
     * to scan it.
     */
    private static final String INSERT_ON_POSTGRES = """
            INSERT INTO dispatch_order (tracking_id, recipient_partner_id, generation, subject_pseudonym, state)
            VALUES (?, ?, ?, ?, ?)
            ON CONFLICT (tracking_id, recipient_partner_id, generation, subject_pseudonym) DO NOTHING""";
    private static final String INSERT_UNLESS_THERE = """
            INSERT INTO dispatch_order (tracking_id, recipient_partner_id, generation, subject_pseudonym, state)
            SELECT ?, ?, ?, ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM dispatch_order WHERE tracking_id = ? AND recipient_partner_id = ?
                AND generation = ? AND subject_pseudonym = ?)""";

    private final JdbcTemplate jdbc;
    private final DatabaseProduct database;

    public DispatchOrder(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
        this.database = new DatabaseProduct(jdbc);
    }

    /**
     * Joins the caller's transaction, with the dispatch's outbox row. One batch for all subjects; a
     * row already there (a redelivered decision's) is left as it is, checked in the insert so that
     * no unique violation poisons the caller's transaction on PostgreSQL.
     */
    public void record(UUID trackingId, String recipient, int generation, List<String> subjectPseudonyms) {
        boolean onPostgres = database.isPostgres();
        List<Object[]> rows = subjectPseudonyms.stream().distinct()
                .map(pseudonym -> onPostgres
                        ? new Object[] {trackingId, recipient, generation, pseudonym, PENDING}
                        : new Object[] {trackingId, recipient, generation, pseudonym, PENDING,
                                trackingId, recipient, generation, pseudonym})
                .toList();
        if (rows.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(onPostgres ? INSERT_ON_POSTGRES : INSERT_UNLESS_THERE, rows);
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
        List<Object> args = new ArrayList<>(subjects.size() * 5);
        for (String subject : subjects) {
            args.addAll(List.of(recipient, subject, PENDING, trackingId, generation));
        }
        return args;
    }

    /** Removes a dispatch delivered, failed for good or cancelled; joins the caller's transaction. */
    void done(UUID trackingId, String recipient, int generation) {
        jdbc.update("DELETE FROM dispatch_order WHERE tracking_id = ? AND recipient_partner_id = ? AND generation = ?",
                trackingId, recipient, generation);
    }
}
