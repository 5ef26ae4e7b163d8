package org.junction.hub.agreements;

import java.time.Clock;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.operations.AlertProperties;
import org.junction.hub.operations.Alerts;
import org.junction.security.audit.LedgerWriter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Information sharing agreements: approvals, the registry the decision side reads, expiry alerts. */
@Configuration(proxyBeanMethods = false)
public class AgreementsConfiguration {

    @Bean
    AgreementApprovalStore agreementApprovalStore(JdbcTemplate jdbc, TransactionTemplate transactions,
                                                  LedgerWriter ledger) {
        return new AgreementApprovalStore(jdbc, transactions, ledger);
    }

    /** What the decide step reads: {@code Supplier<AgreementRegistry>}. */
    @Bean
    CurrentAgreements currentAgreements(ActiveConfig config, AgreementApprovalStore approvals) {
        return new CurrentAgreements(config, approvals);
    }

    @Bean
    AgreementViews agreementViews(ActiveConfig config, AgreementApprovalStore approvals, CurrentAgreements current,
                                  Clock clock) {
        return new AgreementViews(config, approvals, current, clock);
    }

    @Bean
    AgreementExpiryWatch agreementExpiryWatch(CurrentAgreements agreements, Alerts alerts, JdbcTemplate jdbc,
                                              AlertProperties settings, Clock clock) {
        return new AgreementExpiryWatch(agreements, alerts, jdbc, settings.checkInterval(), clock);
    }
}
