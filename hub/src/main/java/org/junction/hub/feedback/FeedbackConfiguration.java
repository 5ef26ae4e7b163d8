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
}
