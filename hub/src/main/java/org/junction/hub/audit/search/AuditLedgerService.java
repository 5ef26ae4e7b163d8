package org.junction.hub.audit.search;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.junction.console.audit.AuditLedger;
import org.junction.hub.audit.AuditReasons;
import org.junction.hub.audit.AuditScope;
import org.junction.hub.audit.subjectaccess.SubjectAccessReports;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.identity.Person;
import org.springframework.transaction.support.TransactionTemplate;

/** The audit API's view of the hub: searches here, reports and releases in subject access. */
public class AuditLedgerService implements AuditLedger {

    private final LedgerSearch search;
    private final SubjectAccessReports reports;
    private final AuditScope scope;
    private final AuditReasons reasons;
    private final LedgerWriter ledger;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public AuditLedgerService(LedgerSearch search, SubjectAccessReports reports, AuditScope scope,
                              AuditReasons reasons, LedgerWriter ledger, TransactionTemplate transactions, Clock clock) {
        this.search = Objects.requireNonNull(search);
        this.reports = Objects.requireNonNull(reports);
        this.scope = Objects.requireNonNull(scope);
        this.reasons = Objects.requireNonNull(reasons);
        this.ledger = Objects.requireNonNull(ledger);
        this.transactions = Objects.requireNonNull(transactions);
        this.clock = Objects.requireNonNull(clock);
    }

    @Override
    public List<String> scopeOf(Person caller) {
        return scope.partnersOf(caller).orElse(null);
    }

    @Override
    public UUID recordExport(String format, String criteria, String reason, Person caller) {
        UUID eventId = UUID.randomUUID();
        Instant now = clock.instant();
        transactions.executeWithoutResult(tx -> {
            String digest = reasons.keep(eventId, LedgerEventType.EXPORTED, caller.id(), now, criteria, reason);
            ledger.record(new LedgerEvent(eventId, null, LedgerEventType.EXPORTED, now, caller.id(), null, null, null,
                    null, format, digest, 1, List.of()));
        });
        return eventId;
    }

    @Override
    public SearchResult search(SearchCriteria criteria, String reason, Person caller) {
        return search.search(criteria, reason, caller);
    }

    @Override
    public SubjectAccessReport subjectAccess(Subject subject, String format, String reason, Person caller) {
        return reports.report(subject, format, reason, caller);
    }

    @Override
    public Release release(UUID trackingId, String reason, Person caller) {
        return reports.release(trackingId, reason, caller);
    }

    @Override
    public AwaitingList awaitingRelease(Person caller) {
        return reports.awaitingRelease(caller);
    }

    @Override
    public Optional<AwaitingRelease> awaitingRelease(UUID trackingId, Person caller) {
        return reports.awaitingRelease(trackingId, caller);
    }
}
