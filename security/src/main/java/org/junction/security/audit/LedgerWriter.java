package org.junction.security.audit;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junction.security.sql.DatabaseProduct;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Appends ledger events. Callers invoke it inside the transaction of the step being recorded,
 * so the record commits or rolls back with the step itself.
 */
public class LedgerWriter {

    /**
     * Told of each event as it is written, inside the recording transaction: a listener that must
     * only see committed steps (metrics, say) defers its work to the commit itself.
     */
    @FunctionalInterface
    public interface Listener {
        void recorded(LedgerEvent event);
    }

    /**
     * The event's row, unless an event with the same stage key is already recorded: checked in the
     * insert itself rather than by catching the unique violation, since on PostgreSQL a failed
     * statement poisons the surrounding transaction, which holds the business step too. The stage
     * key is given twice, once for the row and once for the check.
     */
    static final String INSERT_EVENT = """
            INSERT INTO ledger_event (event_id, stage_key, event_type, occurred_at, actor, tracking_id,
                sender_partner_id, recipient_partner_id, purpose, outcome, reason_code, generation,
                correlation_id, basis_kind, basis_codes, agreement_id, agreement_version, flow_id, consent_id,
                decision_id, decision_maker, data_categories, labels)
            SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
            WHERE NOT EXISTS (SELECT 1 FROM ledger_event WHERE stage_key = ?)""";
    /**
     * One subject of an event, found by the event's id: no generated key has to come back first.
     * Typed, since H2 cannot tell a bare parameter's type across a UNION.
     */
    static final String SUBJECT_ROW = "SELECT id, CAST(? AS VARCHAR(128)) FROM ledger_event WHERE event_id = ?";
    /** At most this many subjects go in one statement, well inside any driver's limit on parameters. */
    static final int SUBJECTS_PER_STATEMENT = 500;
    /**
     * PostgreSQL: the event, its id in {@code ledger_unsealed} for the sealer, and its subjects in
     * one statement, taking the id the event's insert returns. Every statement is a round trip and
     * a wake-up on both sides, so the event costs one whatever else it writes.
     * Its count is the subjects written: 0 when the step was already recorded. H2 has no
     * data-modifying WITH, so there they are three statements.
     */
    static final String INSERT_EVENT_WITH_SUBJECTS = "WITH written AS (\n" + INSERT_EVENT + "\nRETURNING id),\n"
            + "unsealed AS (INSERT INTO ledger_unsealed (ledger_event_id) SELECT id FROM written)\n"
            + "INSERT INTO ledger_subject (ledger_event_id, pseudonym)"
            + " SELECT w.id, s.pseudonym FROM written w CROSS JOIN unnest(CAST(? AS VARCHAR(128)[])) AS s (pseudonym)";
    /**
     * PostgreSQL, an event without subjects: the event, and its id in {@code ledger_unsealed} for
     * the sealer, in one statement. Its count is 1 when written, 0 when already recorded.
     */
    static final String INSERT_EVENT_UNSEALED = "WITH written AS (\n" + INSERT_EVENT + "\nRETURNING id)\n"
            + "INSERT INTO ledger_unsealed (ledger_event_id) SELECT id FROM written";
    /** H2: the written events' ids in {@code ledger_unsealed}, found by their event ids. */
    static final String UNSEALED_BY_EVENT_ID =
            "INSERT INTO ledger_unsealed (ledger_event_id) SELECT id FROM ledger_event WHERE event_id IN (%s)";

    private static final Logger log = LoggerFactory.getLogger(LedgerWriter.class);

    private final JdbcTemplate jdbc;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final DatabaseProduct database;

    public LedgerWriter(JdbcTemplate jdbc) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.database = new DatabaseProduct(jdbc);
    }

    /**
     * Records the event unless an event with the same stage key already exists.
     *
     * @return true when written, false when the step had already been recorded
     */
    public boolean record(LedgerEvent event) {
        boolean written;
        if (database.isPostgres()) {
            written = event.subjectPseudonyms().isEmpty()
                    ? jdbc.update(INSERT_EVENT_UNSEALED, ps -> bindEvent(ps, event)) == 1
                    : jdbc.update(INSERT_EVENT_WITH_SUBJECTS, ps -> bindEventWithSubjects(ps, event)) > 0;
        } else {
            written = jdbc.update(INSERT_EVENT, ps -> bindEvent(ps, event)) == 1;
            if (written) {
                insertUnsealed(List.of(event));
                insertSubjects(subjectRows(event));
            }
        }
        if (written) {
            tellListeners(event);
        }
        return written;
    }

    /**
     * Records several events, each unless its stage key is already recorded, as a statement batch
     * for the events and one statement for their subjects (on PostgreSQL one batch of
     * {@link #INSERT_EVENT_WITH_SUBJECTS}), instead of a round trip or more per event: what a stage
     * moving many messages at once, such as the outbox relay, records.
     */
    public void recordAll(List<LedgerEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        if (events.size() == 1) {
            record(events.get(0));
            return;
        }
        if (database.isPostgres()) {
            recordAllOnPostgres(events);
            return;
        }
        int[] counts = jdbc.batchUpdate(INSERT_EVENT, events, events.size(), LedgerWriter::bindEvent)[0];
        List<LedgerEvent> written = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            // A driver may answer "succeeded, count unknown" (-2) for a batch: the subjects' insert
            // finds the event by its id either way, and a skipped event has no new row to find.
            if (counts[i] != 0) {
                written.add(events.get(i));
            }
        }
        insertUnsealed(written);
        insertSubjects(written.stream().flatMap(e -> subjectRows(e).stream()).toList());
        written.forEach(this::tellListeners);
    }

    /**
     * One batch of {@link #INSERT_EVENT_WITH_SUBJECTS}, in the events' order. A count of 0 says
     * nothing about an event without subjects, nor does a driver's "succeeded, count unknown", so
     * whether those were written is asked after by their event ids: fresh for every event, so
     * found only if written now.
     */
    private void recordAllOnPostgres(List<LedgerEvent> events) {
        int[] counts = jdbc.batchUpdate(INSERT_EVENT_WITH_SUBJECTS, events, events.size(),
                LedgerWriter::bindEventWithSubjects)[0];
        Set<UUID> uncertain = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).subjectPseudonyms().isEmpty() || counts[i] == Statement.SUCCESS_NO_INFO) {
                uncertain.add(events.get(i).eventId());
            }
        }
        Set<UUID> found = uncertain.isEmpty() ? Set.of() : Set.copyOf(jdbc.queryForList(
                "SELECT event_id FROM ledger_event WHERE event_id IN ("
                        + String.join(", ", Collections.nCopies(uncertain.size(), "?")) + ")",
                UUID.class, uncertain.toArray()));
        for (int i = 0; i < events.size(); i++) {
            LedgerEvent event = events.get(i);
            if (uncertain.contains(event.eventId()) ? found.contains(event.eventId()) : counts[i] > 0) {
                tellListeners(event);
            }
        }
    }

    /** H2: the events' ids, for the sealer, as one statement (per {@link #SUBJECTS_PER_STATEMENT}). */
    private void insertUnsealed(List<LedgerEvent> written) {
        for (int from = 0; from < written.size(); from += SUBJECTS_PER_STATEMENT) {
            List<LedgerEvent> chunk = written.subList(from, Math.min(written.size(), from + SUBJECTS_PER_STATEMENT));
            jdbc.update(UNSEALED_BY_EVENT_ID.formatted(String.join(", ", Collections.nCopies(chunk.size(), "?"))),
                    chunk.stream().map(LedgerEvent::eventId).toArray());
        }
    }

    /** The subjects' rows as one statement (per {@link #SUBJECTS_PER_STATEMENT}), not one each. */
    private void insertSubjects(List<Object[]> subjects) {
        for (int from = 0; from < subjects.size(); from += SUBJECTS_PER_STATEMENT) {
            List<Object[]> chunk = subjects.subList(from, Math.min(subjects.size(), from + SUBJECTS_PER_STATEMENT));
            jdbc.update("INSERT INTO ledger_subject (ledger_event_id, pseudonym)\n"
                            + String.join("\nUNION ALL ", Collections.nCopies(chunk.size(), SUBJECT_ROW)),
                    chunk.stream().flatMap(Arrays::stream).toArray());
        }
    }

    private void tellListeners(LedgerEvent event) {
        for (Listener listener : listeners) {
            try {
                listener.recorded(event);
            } catch (RuntimeException e) {
                // Observers must never fail the business step they watch.
                log.warn("Ledger listener failed on a {} event", event.type(), e);
            }
        }
    }

    /** Binds the event's row and, last, its stage key again for the check. */
    private static void bindEvent(PreparedStatement ps, LedgerEvent event) throws SQLException {
        ps.setObject(1, event.eventId());
        ps.setString(2, event.stageKey());
        ps.setString(3, event.type().name());
        ps.setObject(4, OffsetDateTime.ofInstant(event.occurredAt(), ZoneOffset.UTC));
        ps.setString(5, event.actor());
        ps.setObject(6, event.trackingId());
        ps.setString(7, event.senderPartnerId());
        ps.setString(8, event.recipientPartnerId());
        ps.setString(9, event.purpose());
        ps.setString(10, event.outcome());
        ps.setString(11, event.reasonCode());
        ps.setInt(12, event.generation());
        LedgerDetails d = event.details();
        ps.setString(13, d.correlationId());
        ps.setString(14, d.basisKind());
        ps.setString(15, LedgerDetails.joined(d.basisCodes()));
        ps.setString(16, d.agreementId());
        ps.setObject(17, d.agreementVersion(), Types.INTEGER);
        ps.setString(18, d.flowId());
        ps.setObject(19, d.consentId());
        ps.setObject(20, d.decisionId());
        ps.setString(21, d.decisionMaker());
        ps.setString(22, LedgerDetails.joined(d.dataCategories()));
        ps.setString(23, LedgerDetails.joined(d.labels()));
        ps.setString(24, event.stageKey());
    }

    /** {@link #bindEvent}, then the event's distinct subjects as one array. */
    private static void bindEventWithSubjects(PreparedStatement ps, LedgerEvent event) throws SQLException {
        bindEvent(ps, event);
        ps.setArray(25, ps.getConnection().createArrayOf("varchar",
                event.subjectPseudonyms().stream().distinct().toArray()));
    }

    private static List<Object[]> subjectRows(LedgerEvent event) {
        return event.subjectPseudonyms().stream().distinct()
                .map(pseudonym -> new Object[] {pseudonym, event.eventId()}).toList();
    }

    public void addListener(Listener listener) {
        listeners.add(Objects.requireNonNull(listener));
    }

}
