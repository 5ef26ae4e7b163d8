package org.junction.hub;

import java.time.Clock;
import org.junction.adapters.intake.IntakeProperties;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.intake.OutboxStore;
import org.junction.adapters.partner.PartnerDirectory;
import org.junction.hub.keys.KeyProperties;
import org.junction.hub.keys.KeyRingFactory;
import org.junction.mappings.MapperRegistry;
import org.junction.routes.relay.OutboxRelay;
import org.junction.routes.relay.RelayProperties;
import org.junction.security.audit.LedgerReader;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.keys.KeyRing;
import org.junction.security.pseudonym.Pseudonymiser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jms.core.JmsTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Composition root: the pure parts (mappings, security) and the pipeline, wired together. */
@Configuration(proxyBeanMethods = false)
public class HubConfiguration {

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    KeyRing keyRing(KeyProperties keys, HubProperties hub) {
        return KeyRingFactory.open(keys, hub.dataDir());
    }

    @Bean
    EnvelopeCipher envelopeCipher(KeyRing keys) {
        return new EnvelopeCipher(keys);
    }

    @Bean
    Pseudonymiser pseudonymiser(KeyRing keys) {
        return new Pseudonymiser(keys);
    }

    @Bean
    MapperRegistry mapperRegistry() {
        return MapperRegistry.standard();
    }

    @Bean
    PartnerDirectory partnerDirectory(HubProperties hub) {
        return new PartnerDirectory(hub.partners());
    }

    @Bean
    LedgerWriter ledgerWriter(JdbcTemplate jdbc) {
        return new LedgerWriter(jdbc);
    }

    @Bean
    LedgerReader ledgerReader(JdbcTemplate jdbc) {
        return new LedgerReader(jdbc);
    }

    @Bean
    OutboxStore outboxStore(JdbcTemplate jdbc) {
        return new OutboxStore(jdbc);
    }

    @Bean
    OutboxRelay outboxRelay(OutboxStore outbox, JmsTemplate jms, LedgerWriter ledger, TransactionTemplate transactions,
                            RelayProperties relay, Clock clock) {
        return new OutboxRelay(outbox, jms, ledger, transactions, relay, clock);
    }

    @Bean
    IntakeService intakeService(MapperRegistry mappers, EnvelopeCipher cipher, Pseudonymiser pseudonymiser,
                                OutboxStore outbox, LedgerWriter ledger, TransactionTemplate transactions,
                                IntakeProperties intake, OutboxRelay relay, Clock clock) {
        return new IntakeService(mappers, cipher, pseudonymiser, outbox, ledger, transactions, intake, relay, clock);
    }
}
