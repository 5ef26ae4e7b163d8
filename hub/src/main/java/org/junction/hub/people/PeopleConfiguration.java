package org.junction.hub.people;

import java.security.SecureRandom;
import java.time.Clock;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.intake.OutboxStore;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.people.Passwords;
import org.junction.security.people.PersonAdministration;
import org.junction.security.people.PersonLogins;
import org.junction.security.people.PersonStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * People in the hub: their logins (password and TOTP), sessions, what their organisation lets them
 * see, and method-level authorisation ({@code @PreAuthorize} on every people-facing endpoint, the
 * URL rules of the security chains being the second line).
 */
@Configuration(proxyBeanMethods = false)
@EnableMethodSecurity
public class PeopleConfiguration {

    @Bean
    Passwords passwords() {
        return new Passwords(new SecureRandom());
    }

    @Bean
    PersonStore personStore(JdbcTemplate jdbc) {
        return new PersonStore(jdbc);
    }

    @Bean
    PersonAdministration personAdministration(PersonStore store, Passwords passwords, EnvelopeCipher cipher,
                                              LedgerWriter ledger, TransactionTemplate tx, Clock clock) {
        return new PersonAdministration(store, passwords, cipher, ledger, tx, clock, new SecureRandom());
    }

    @Bean
    PersonLogins personLogins(PersonStore store, Passwords passwords, EnvelopeCipher cipher, LedgerWriter ledger,
                              TransactionTemplate tx, Clock clock, PeopleProperties settings) {
        return new PersonLogins(store, passwords, cipher, ledger, tx, clock, settings.maxFailedAttempts(),
                settings.lockout());
    }

    @Bean
    PeopleSessions peopleSessions(PersonStore store) {
        return new PeopleSessions(store);
    }

    @Bean
    PartnerVisibility partnerVisibility(ActiveConfig config, OutboxStore requests) {
        return new PartnerVisibility(config, requests);
    }
}
