package org.junction.hub.notices;

import java.time.Clock;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.intake.OutboxSignal;
import org.junction.adapters.intake.OutboxStore;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Rejection notices to senders, and their sweep. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NoticeProperties.class)
public class NoticesConfiguration {

    @Bean
    RejectionNoticeService rejectionNoticeService(JdbcTemplate jdbc, OutboxStore outbox, OutboxSignal signal,
                                                  EnvelopeCipher cipher, LedgerWriter ledger,
                                                  TransactionTemplate transactions, ActiveConfig config,
                                                  NoticeProperties settings, Clock clock) {
        return new RejectionNoticeService(jdbc, outbox, signal, cipher, ledger, transactions, config,
                settings.window(), clock);
    }

    @Bean
    NoticeWatch noticeWatch(RejectionNoticeService notices, NoticeProperties settings) {
        return new NoticeWatch(notices, settings.interval());
    }
}
