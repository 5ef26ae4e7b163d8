package org.junction.security.audit.export;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.junction.security.audit.LedgerEventRows;
import org.junction.security.audit.LedgerSearchSql;
import org.junction.security.audit.SealedEventContent;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Reads sealed ledger events in a time range, in chain order, a page at a time, so an export of
 * any size holds one page in memory. Only sealed events are exported: each carries its chain
 * position and hash, which a receiver can check against the chain and its signed checkpoints.
 */
public class LedgerExport {

    private static final int PAGE = 500;

    private final JdbcTemplate jdbc;
    private final long maxEvents;

    /** @param maxEvents the most events one export may cover; a wider range is refused before anything is sent */
    public LedgerExport(JdbcTemplate jdbc, long maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1");
        }
        this.jdbc = Objects.requireNonNull(jdbc);
        this.maxEvents = maxEvents;
    }

    public long maxEvents() {
        return maxEvents;
    }

    /**
     * How many sealed events in [from, to) a reader scoped to {@code scopePartners} (null: hub-wide)
     * would get: checked before streaming, to bound an export by what the caller may see.
     */
    public long count(Instant from, Instant to, List<String> scopePartners) {
        List<Object> args = new ArrayList<>(List.of(utc(from), utc(to)));
        String scope = LedgerSearchSql.scope(scopePartners, "e", args);
        return jdbc.queryForObject("""
                SELECT COUNT(*) FROM ledger_event e JOIN ledger_chain c ON c.ledger_event_id = e.id
                 WHERE e.occurred_at >= ? AND e.occurred_at < ?""" + scope, Long.class, args.toArray());
    }

    /**
     * Hands each sealed event that occurred in [from, to) and that a reader scoped to
     * {@code scopePartners} (null: hub-wide) may see to {@code sink}, in chain order. The scope is
     * the audit search's own ({@link LedgerSearchSql#scope}), so an export never shows more than a
     * search would.
     *
     * @return how many were handed over
     */
    public long stream(Instant from, Instant to, List<String> scopePartners, Consumer<ExportedLink> sink) {
        long after = 0;
        long handed = 0;
        while (true) {
            List<Object> args = new ArrayList<>(List.of(after, utc(from), utc(to)));
            String scope = LedgerSearchSql.scope(scopePartners, "e", args);
            args.add(PAGE);
            List<ExportedLink> page = jdbc.query("SELECT c.seq, c.hash, " + LedgerEventRows.COLUMNS + """
                     FROM ledger_chain c JOIN ledger_event e ON e.id = c.ledger_event_id
                    WHERE c.seq > ? AND e.occurred_at >= ? AND e.occurred_at < ?""" + scope + " ORDER BY c.seq LIMIT ?",
                    (rs, i) -> new ExportedLink(rs.getLong(1), rs.getString(2), LedgerEventRows.content(rs, 3, List.of())),
                    args.toArray());
            if (page.isEmpty()) {
                return handed;
            }
            Map<Long, List<String>> pseudonyms = LedgerEventRows.pseudonyms(jdbc,
                    page.stream().map(l -> l.event().ledgerEventId()).toList());
            for (ExportedLink link : page) {
                SealedEventContent event = link.event().withSubjectPseudonyms(
                        pseudonyms.get(link.event().ledgerEventId()).stream().sorted().toList());
                sink.accept(new ExportedLink(link.seq(), link.hash(), event));
                handed++;
            }
            after = page.get(page.size() - 1).seq();
        }
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
