package org.junction.hub.audit;

import java.time.Clock;
import org.junction.hub.HubProperties;
import org.junction.hub.keys.KeyProperties;
import org.junction.hub.keys.LedgerKeys;
import org.junction.hub.keys.LiveLedgerKeys;
import org.junction.security.audit.LedgerCheckpointer;
import org.junction.security.audit.LedgerCheckpoints;
import org.junction.security.keys.KeyRing;
import org.junction.security.keys.LedgerSigningKeys;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger signing keys, the checkpoints (database and file) and what makes them. */
@Configuration(proxyBeanMethods = false)
public class LedgerCheckpointConfiguration {

    /** Depends on the key ring so that the keystore exists (the embedded default creates it there). */
    @Bean
    LedgerSigningKeys ledgerSigningKeys(KeyRing keyRing, KeyProperties keys, HubProperties hub) {
        return LedgerKeys.open(keys, hub.dataDir());
    }

    /** Follows the keystore file, so a rotated key signs from the next checkpoint on. */
    @Bean
    LiveLedgerKeys liveLedgerKeys(LedgerSigningKeys keys, KeyProperties keyProperties, HubProperties hub) {
        return new LiveLedgerKeys(keys, keyProperties, hub.dataDir());
    }

    @Bean
    LedgerCheckpoints ledgerCheckpoints(JdbcTemplate jdbc, LiveLedgerKeys keys, AuditProperties audit,
                                        HubProperties hub) {
        return new LedgerCheckpoints(jdbc, audit.checkpointFile(hub.dataDir()), keys);
    }

    @Bean
    LedgerCheckpointer ledgerCheckpointer(JdbcTemplate jdbc, TransactionTemplate transactions, Clock clock,
                                          LiveLedgerKeys keys, AuditProperties audit) {
        return new LedgerCheckpointer(jdbc, transactions, clock, keys, audit.checkpointEvery(),
                audit.checkpointInterval());
    }
}
