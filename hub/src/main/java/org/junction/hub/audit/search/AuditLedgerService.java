package org.junction.hub.audit.search;

import java.util.Objects;
import java.util.UUID;
import org.junction.console.audit.AuditLedger;
import org.junction.hub.audit.subjectaccess.SubjectAccessReports;
import org.junction.security.identity.Person;

/** The audit API's view of the hub: searches here, reports and releases in subject access. */
public class AuditLedgerService implements AuditLedger {

    private final LedgerSearch search;
    private final SubjectAccessReports reports;

    public AuditLedgerService(LedgerSearch search, SubjectAccessReports reports) {
        this.search = Objects.requireNonNull(search);
        this.reports = Objects.requireNonNull(reports);
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
}
