package org.junction.hub.feedback;

import java.time.Clock;
import org.junction.adapters.feedback.OutcomeIntake;
import org.junction.adapters.feedback.OutcomeStore;
import org.junction.adapters.feedback.ReferralReferences;
import org.junction.adapters.intake.IntakeService;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.keys.KeyRing;
import org.junction.security.pseudonym.Pseudonymiser;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** The feedback loop: outcomes recipients report about delivered referrals, linked and recorded. */
@Configuration(proxyBeanMethods = false)
public class FeedbackConfiguration {

    @Bean
    OutcomeStore outcomeStore(JdbcTemplate jdbc) {
        return new OutcomeStore(jdbc);
    }

    /** Indexes each referral's referrer reference as intake stores it, in the intake transaction. */
    @Bean
    ReferralReferences referralReferences(OutcomeStore store, Pseudonymiser pseudonymiser, KeyRing keys,
                                          IntakeService intake) {
        var references = new ReferralReferences(store, pseudonymiser, keys);
        intake.addStoredListener(references);
        return references;
    }

    @Bean
    OutcomeIntake outcomeIntake(OutcomeStore store, ReferralReferences references, EnvelopeCipher cipher,
                                LedgerWriter ledger, TransactionTemplate transactions, Clock clock) {
        return new OutcomeIntake(store, references, cipher, ledger, transactions, clock);
    }

    /** Forwards feedback to referrers on the rejection notices' schedule and window ({@code hub.notices}). */
    @Bean
    FeedbackForwardService feedbackForwardService(JdbcTemplate jdbc, org.junction.adapters.intake.OutboxStore outbox,
                                                  org.junction.adapters.intake.OutboxSignal signal,
                                                  EnvelopeCipher cipher, LedgerWriter ledger,
                                                  TransactionTemplate transactions,
                                                  org.junction.adapters.config.ActiveConfig config,
                                                  org.junction.hub.agreements.CurrentAgreements agreements,
                                                  org.junction.hub.notices.NoticeProperties settings, Clock clock) {
        return new FeedbackForwardService(jdbc, outbox, signal, cipher, ledger, transactions, config, agreements,
                settings.window(), clock);
    }

    @Bean
    FeedbackForwardWatch feedbackForwardWatch(FeedbackForwardService forwards,
                                              org.junction.hub.notices.NoticeProperties settings) {
        return new FeedbackForwardWatch(forwards, settings.interval());
    }
}
