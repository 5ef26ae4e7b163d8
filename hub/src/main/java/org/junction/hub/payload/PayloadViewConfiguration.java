package org.junction.hub.payload;

import java.time.Clock;
import org.junction.console.scope.Visibility;
import org.junction.routes.deadletter.DeadLetters;
import org.junction.routes.decide.HeldDecisionStore;
import org.junction.security.audit.LedgerReader;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

@Configuration(proxyBeanMethods = false)
class PayloadViewConfiguration {

    @Bean
    PayloadViews payloadViews(JdbcTemplate jdbc, HeldDecisionStore held, DeadLetters deadLetters, Visibility visibility,
                              LedgerReader timeline, EnvelopeCipher cipher, LedgerWriter ledger,
                              TransactionTemplate transactions, Clock clock) {
        return new PayloadViews(jdbc, held, deadLetters::list, visibility, timeline, cipher, ledger, transactions, clock);
    }
}
