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

/** Reads ledger events as the sealer and the verifier must both see them, so both hash the same. */
final class LedgerEventRows {

    /** Columns of {@code ledger_event e}, in the order {@link #content} reads them. */
    static final String COLUMNS = """
            e.id, e.event_id, e.stage_key, e.event_type, e.occurred_at, e.actor, e.tracking_id, e.sender_partner_id,
            e.recipient_partner_id, e.purpose, e.outcome, e.reason_code, e.generation""";

    // Keeps an IN list well below every driver's bind-parameter limit whatever batch size is asked for.
    private static final int IN_LIST_CHUNK = 500;

    private LedgerEventRows() {
    }

    /** An event's columns starting at {@code first}; pseudonyms are loaded separately. */
    static SealedEventContent content(ResultSet rs, int first, List<String> pseudonyms) throws SQLException {
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
                rs.getInt(i),
                pseudonyms);
    }

    /** Subject pseudonyms of each event id; an event with none maps to an empty list. */
    static Map<Long, List<String>> pseudonyms(JdbcTemplate jdbc, List<Long> eventIds) {
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
