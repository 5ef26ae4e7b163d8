package org.junction.hub.recall;

import java.time.Clock;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.consent.ConsentStore;
import org.junction.security.crypto.EnvelopeCipher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Recalls on withdrawal and entered-in-error, their sweep, and the views people read. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RecallProperties.class)
public class RecallConfiguration {

    @Bean
    RecallService recallService(JdbcTemplate jdbc, OutboxStore outbox, OutboxSignal signal, EnvelopeCipher cipher,
                                LedgerWriter ledger, TransactionTemplate transactions, ConsentStore consents,
                                ActiveConfig config, RecallProperties settings, Clock clock) {
        return new RecallService(jdbc, outbox, signal, cipher, ledger, transactions, consents, config,
                settings.withdrawalWindow(), clock);
    }

    @Bean
    RecallWatch recallWatch(RecallService recalls, RecallProperties settings) {
        return new RecallWatch(recalls, settings.interval());
    }

    @Bean
    RecallViews recallViews(JdbcTemplate jdbc) {
        return new RecallViews(jdbc);
    }
}
