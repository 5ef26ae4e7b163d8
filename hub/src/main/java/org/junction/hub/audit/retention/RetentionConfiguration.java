package org.junction.hub.audit.retention;

import java.time.Clock;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.security.audit.ChainVerifier;
import org.junction.security.audit.LedgerCheckpoints;
import org.junction.security.audit.LedgerSegments;
import org.junction.security.audit.LedgerWriter;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Payload purging and ledger segment closing ({@code hub.retention.*}). */
@Configuration(proxyBeanMethods = false)
public class RetentionConfiguration {

    @Bean
    PayloadPurge payloadPurge(JdbcTemplate jdbc, TransactionTemplate transactions, LedgerWriter ledger,
                              CurrentAgreements agreements, RetentionProperties settings, Clock clock) {
        return new PayloadPurge(jdbc, transactions, ledger, agreements, settings.defaultTransit(), settings.batch(),
                clock);
    }

    @Bean
    LedgerSegments ledgerSegments(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                  LedgerCheckpoints checkpoints, ChainVerifier verifier, LedgerWriter ledger) {
        return new LedgerSegments(jdbc, transactions, clock, checkpoints, verifier, ledger);
    }

    @Bean
    @ConditionalOnProperty(name = "hub.retention.enabled", havingValue = "true", matchIfMissing = true)
    RetentionWatch retentionWatch(PayloadPurge purge, LedgerSegments segments, CurrentAgreements agreements,
                                  RetentionProperties settings, Clock clock) {
        return new RetentionWatch(purge, segments, agreements, settings, clock);
    }
}
