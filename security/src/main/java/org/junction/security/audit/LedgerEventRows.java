package org.junction.security.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads ledger events as the sealer and the verifier must both see them, so both hash the same;
 * anything else that reads whole events (exports, tests that play the attacker) reads them here too.
 */
public final class LedgerEventRows {

    /** Columns of {@code ledger_event e}, in the order {@link #content} reads them. */
    public static final String COLUMNS = """
            e.id, e.event_id, e.stage_key, e.event_type, e.occurred_at, e.actor, e.tracking_id, e.sender_partner_id,
            e.recipient_partner_id, e.purpose, e.outcome, e.reason_code, e.generation, e.correlation_id, e.basis_kind,
            e.basis_codes, e.agreement_id, e.agreement_version, e.flow_id, e.consent_id, e.decision_id,
            e.decision_maker, e.data_categories, e.labels""";

    // Keeps an IN list well below every driver's bind-parameter limit whatever batch size is asked for.
    private static final int IN_LIST_CHUNK = 500;

    private LedgerEventRows() {
    }

    /** An event's columns starting at {@code first}; pseudonyms are loaded separately. */
    public static SealedEventContent content(ResultSet rs, int first, List<String> pseudonyms) throws SQLException {
        int i = first;
        return new SealedEventContent(
                rs.getLong(i++),
                rs.getObject(i++, UUID.class),
                rs.getString(i++),
                rs.getString(i++),
                rs.getObject(i++, OffsetDateTime.class).toInstant(),
                rs.getString(i++),
                rs.getObject(i++, UUID.class),
                rs.getString(i++),
                rs.getString(i++),
                rs.getString(i++),
                rs.getString(i++),
                rs.getString(i++),
                rs.getInt(i++),
                pseudonyms,
                details(rs, i));
    }

    /** The details columns starting at {@code first}. */
    public static LedgerDetails details(ResultSet rs, int first) throws SQLException {
        int i = first;
        String correlationId = rs.getString(i++);
        String basisKind = rs.getString(i++);
        List<String> basisCodes = LedgerDetails.split(rs.getString(i++));
        String agreementId = rs.getString(i++);
        int version = rs.getInt(i++);
        Integer agreementVersion = rs.wasNull() ? null : version;
        String flowId = rs.getString(i++);
        UUID consentId = rs.getObject(i++, UUID.class);
        UUID decisionId = rs.getObject(i++, UUID.class);
        String decisionMaker = rs.getString(i++);
        List<String> categories = LedgerDetails.split(rs.getString(i++));
        List<String> labels = LedgerDetails.split(rs.getString(i));
        return new LedgerDetails(correlationId, basisKind, basisCodes, agreementId, agreementVersion, flowId,
                consentId, decisionId, decisionMaker, categories, labels);
    }

    /** The query {@link #events} runs for {@code n} ids. */
    public static String eventsById(int n) {
        return "SELECT " + COLUMNS + " FROM ledger_event e WHERE e.id IN (" + String.join(", ", Collections.nCopies(n, "?"))
                + ") ORDER BY e.id";
    }

    /** The events with these ids, in id order, without their subjects. */
    public static List<SealedEventContent> events(JdbcTemplate jdbc, List<Long> eventIds) {
        List<SealedEventContent> events = new ArrayList<>(eventIds.size());
        List<Long> sorted = eventIds.stream().sorted().toList();
        for (int from = 0; from < sorted.size(); from += IN_LIST_CHUNK) {
            List<Long> chunk = sorted.subList(from, Math.min(from + IN_LIST_CHUNK, sorted.size()));
            events.addAll(jdbc.query(eventsById(chunk.size()), (rs, i) -> content(rs, 1, List.of()), chunk.toArray()));
        }
        return events;
    }

    /** Subject pseudonyms of each event id; an event with none maps to an empty list. */
    public static Map<Long, List<String>> pseudonyms(JdbcTemplate jdbc, List<Long> eventIds) {
        Map<Long, List<String>> byEvent = new HashMap<>();
        for (int from = 0; from < eventIds.size(); from += IN_LIST_CHUNK) {
            List<Long> chunk = eventIds.subList(from, Math.min(from + IN_LIST_CHUNK, eventIds.size()));
            String marks = String.join(", ", Collections.nCopies(chunk.size(), "?"));
            jdbc.query("SELECT ledger_event_id, pseudonym FROM ledger_subject WHERE ledger_event_id IN (" + marks + ")",
                    (ResultSet rs) -> {
                        byEvent.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getString(2));
                    },
                    chunk.toArray());
        }
        eventIds.forEach(id -> byEvent.putIfAbsent(id, List.of()));
        return byEvent;
    }
}
