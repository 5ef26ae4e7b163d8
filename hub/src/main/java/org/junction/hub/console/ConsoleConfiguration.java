package org.junction.hub.console;

import java.time.Clock;
import org.junction.adapters.restjson.ReferralController;
import org.junction.console.scope.Visibility;
import org.junction.console.web.dashboard.DashboardFacts;
import org.junction.console.web.login.ConsoleSignIn;
import org.junction.console.web.referrals.ReferralTimelines;
import org.junction.console.web.referrals.PayloadCopies;
import org.junction.console.web.flows.DataFlows;
import org.junction.console.web.audit.LedgerStatus;
import org.junction.security.audit.LedgerCheckpoints;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.payload.PayloadViewController;
import org.junction.hub.operations.QueueDepths;
import org.junction.hub.people.ConsolePeopleSignIn;
import org.junction.hub.people.PeopleSessions;
import org.junction.hub.people.oidc.OidcProperties;
import org.junction.hub.pki.CertificateWatch;
import org.junction.security.audit.LedgerReader;
import org.junction.security.people.PersonLogins;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * What the web console's pages need from the hub: sign-in, the dashboard's figures, referral
 * timelines, data flows, payload views and the ledger's status.
 */
@Configuration(proxyBeanMethods = false)
public class ConsoleConfiguration {

    @Bean
    ConsoleSignIn consoleSignIn(PersonLogins logins, PeopleSessions sessions, ObjectProvider<OidcProperties> oidc) {
        return new ConsolePeopleSignIn(logins, sessions, oidc.getIfAvailable());
    }

    @Bean
    DashboardFacts dashboardFacts(LedgerReader ledger, QueueDepths queues,
                                  ObjectProvider<CertificateWatch> certificates, Visibility visibility, Clock clock) {
        return new HubDashboardFacts(ledger, queues, certificates.getIfAvailable(), visibility, clock);
    }

    @Bean
    DataFlows dataFlows(JdbcTemplate jdbc, ActiveConfig config) {
        return new HubDataFlows(jdbc, config);
    }

    @Bean
    PayloadCopies payloadCopies(PayloadViewController payloads) {
        return new HubPayloadCopies(payloads);
    }

    @Bean
    LedgerStatus ledgerStatus(JdbcTemplate jdbc, LedgerCheckpoints checkpoints) {
        return new HubLedgerStatus(jdbc, checkpoints);
    }

    @Bean
    ReferralTimelines referralTimelines(ReferralController status) {
        return new HubReferralTimelines(status);
    }
}
