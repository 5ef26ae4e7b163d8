package org.junction.hub.audit;

import java.time.Clock;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.audit.review.OverrideReviews;
import org.junction.hub.audit.search.AuditLedgerService;
import org.junction.hub.audit.search.LedgerSearch;
import org.junction.hub.audit.subjectaccess.SubjectAccessReports;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.pseudonym.Pseudonymiser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Searching the ledger, subject access reports, releases of restricted disclosures and override reviews. */
@Configuration(proxyBeanMethods = false)
class AuditSearchConfiguration {

    @Bean
    AuditScope auditScope(ActiveConfig config) {
        return new AuditScope(config);
    }

    @Bean
    AuditReasons auditReasons(JdbcTemplate jdbc, EnvelopeCipher cipher) {
        return new AuditReasons(jdbc, cipher);
    }

    @Bean
    LedgerSearch ledgerSearch(JdbcTemplate jdbc, Pseudonymiser pseudonymiser, AuditScope scope, AuditReasons reasons,
                              LedgerWriter ledger, TransactionTemplate transactions, Clock clock) {
        return new LedgerSearch(jdbc, pseudonymiser, scope, reasons, ledger, transactions, clock);
    }

    @Bean
    SubjectAccessReports subjectAccessReports(JdbcTemplate jdbc, LedgerSearch search, AuditScope scope,
                                              AuditReasons reasons, LedgerWriter ledger,
                                              TransactionTemplate transactions, Clock clock) {
        return new SubjectAccessReports(jdbc, search, scope, reasons, ledger, transactions, clock);
    }

    @Bean
    AuditLedgerService auditLedger(LedgerSearch search, SubjectAccessReports reports, AuditScope scope,
                                   AuditReasons reasons, LedgerWriter ledger, TransactionTemplate transactions,
                                   Clock clock) {
        return new AuditLedgerService(search, reports, scope, reasons, ledger, transactions, clock);
    }

    @Bean
    OverrideReviews overrideReviews(JdbcTemplate jdbc, AuditReasons reasons, LedgerWriter ledger) {
        return new OverrideReviews(jdbc, reasons, ledger);
    }
}
