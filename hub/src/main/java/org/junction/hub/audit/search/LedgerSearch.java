package org.junction.hub.audit.search;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.junction.console.audit.AuditLedger;
import org.junction.hub.audit.AuditReasons;
import org.junction.hub.audit.AuditScope;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventRows;
import org.junction.security.audit.LedgerSearchSql;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.identity.Person;
import org.junction.security.pseudonym.Pseudonymiser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Searches the ledger for an IG lead. A subject is found through the pseudonyms of the identifier
 * the caller typed, under every pseudonym key the hub holds (events written before a key rotation
 * carry an older key's pseudonym); the identifier itself goes no further than this class's stack.
 * Each search is a SEARCHED event: the caller, the digest of their reason and criteria, and the
 * subject's pseudonyms, so the searches about one person are found with that person's events.
 */
public class LedgerSearch {

    private static final Logger log = LoggerFactory.getLogger(LedgerSearch.class);

    private final JdbcTemplate jdbc;
    private final Pseudonymiser pseudonymiser;
    private final AuditScope scope;
    private final AuditReasons reasons;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public LedgerSearch(JdbcTemplate jdbc, Pseudonymiser pseudonymiser, AuditScope scope, AuditReasons reasons,
                        LedgerWriter ledger, TransactionTemplate transactions, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.pseudonymiser = Objects.requireNonNull(pseudonymiser);
        this.scope = Objects.requireNonNull(scope);
        this.reasons = Objects.requireNonNull(reasons);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    /** The pseudonyms a subject's events carry, under each key the hub holds. */
    public List<String> pseudonymsOf(AuditLedger.Subject subject) {
        return pseudonymiser.pseudonymsUnderEveryKey(subject.system(), subject.value());
    }

    public AuditLedger.SearchResult search(AuditLedger.SearchCriteria criteria, String reason, Person caller) {
        List<String> pseudonyms = criteria.subject() == null ? List.of() : pseudonymsOf(criteria.subject());
        List<Object> args = new ArrayList<>();
        String sql = query(criteria, pseudonyms, caller, args);
        List<AuditLedger.EventView> found = jdbc.query(sql, LedgerSearch::view, args.toArray());
        boolean more = found.size() > criteria.size();
        List<AuditLedger.EventView> page = more ? found.subList(0, criteria.size()) : found;

        UUID eventId = UUID.randomUUID();
        Instant now = clock.instant();
        String summary = criteria.summary();
        transactions.executeWithoutResult(tx -> {
            String digest = reasons.keep(eventId, LedgerEventType.SEARCHED, caller.id(), now, summary, reason);
            ledger.record(new LedgerEvent(eventId, null, LedgerEventType.SEARCHED, now, caller.id(), null, null, null,
                    criteria.purpose(), page.isEmpty() ? "NONE" : "FOUND", digest, 1, pseudonyms,
                    criteria.basisKind() == null ? LedgerDetails.NONE : new LedgerDetails(null, criteria.basisKind(),
                            List.of(), null, null, null, null, null, null, List.of(), List.of())));
        });
        log.info("Ledger search {} by {}: {} events on page {}", eventId, caller.id(), page.size(), criteria.page());
        return new AuditLedger.SearchResult(eventId, criteria.page(), criteria.size(), more, List.copyOf(page));
    }

    private String query(AuditLedger.SearchCriteria c, List<String> pseudonyms, Person caller, List<Object> args) {
        return LedgerSearchSql.build(new LedgerSearchSql.Filter(pseudonyms, c.partner(), c.purpose(), c.basisKind(),
                c.outcome(), c.eventType(), c.from(), c.to(), scope.partnersOf(caller).orElse(null), c.page(),
                c.size()), args);
    }

    private static AuditLedger.EventView view(ResultSet rs, int row) throws SQLException {
        LedgerDetails d = LedgerEventRows.details(rs, LedgerSearchSql.EVENT_DETAILS_AT);
        return new AuditLedger.EventView(rs.getObject(1, UUID.class), rs.getString(2),
                rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getObject(5, UUID.class),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getInt(11),
                d.basisKind(), d.basisCodes(), d.agreementId(), d.agreementVersion(), d.flowId(), d.consentId(),
                d.decisionId(), d.decisionMaker(), d.dataCategories(), d.labels());
    }
}
