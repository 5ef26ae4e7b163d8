package org.junction.hub.decisions;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.intake.IntakeService;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.AlertProperties;
import org.junction.hub.operations.Alerts;
import org.junction.routes.decide.DecideService;
import org.junction.routes.decide.Governance;
import org.junction.routes.decide.HeldDecisionStore;
import org.junction.routes.decide.VitalInterestsStore;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.agreement.RecipientKind;
import org.junction.security.sharing.SharingDecisionStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Deciding under agreements: the governance the decide step uses, the held-decision queue and its API. */
@Configuration(proxyBeanMethods = false)
public class DecisionsConfiguration {

    /** Rows of a batch decided per transaction: small enough that a 500-row batch is many short ones. */
    private static final int BATCH_CHUNK = 50;

    @Bean
    HeldDecisionStore heldDecisionStore(JdbcTemplate jdbc) {
        return new HeldDecisionStore(jdbc);
    }

    @Bean
    VitalInterestsStore vitalInterestsStore(JdbcTemplate jdbc) {
        return new VitalInterestsStore(jdbc);
    }

    /**
     * Recipients are the configured partners with a sink, as the governance sees them; the area
     * routing table is read with the rest of the configuration and swapped with it on a reload.
     */
    @Bean
    Governance governance(CurrentAgreements agreements, ActiveConfig config, HeldDecisionStore held, Alerts alerts,
                          VitalInterestsStore vitalInterests) {
        return new Governance(agreements, () -> recipients(config), sender -> config.current().partner(sender)
                .map(PartnerSettings::organisation).orElse(sender), () -> config.current().areaRouting(), held,
                item -> alerts.occurredAfterCommit(AlertKind.DECISION_WAITING, HeldDecisionWatch.key(item)),
                vitalInterests, obligation -> alerts.occurredAfterCommit(AlertKind.VITAL_INTERESTS_SHARED,
                        VitalInterestsRecords.key(obligation)));
    }

    private static Map<String, Recipient> recipients(ActiveConfig config) {
        Map<String, Recipient> recipients = new LinkedHashMap<>();
        for (PartnerSettings partner : config.current().partners()) {
            if (partner.sink() != null) {
                recipients.put(partner.id(), new Recipient(partner.id(), partner.organisation(),
                        RecipientKind.valueOf(partner.kind().name())));
            }
        }
        return recipients;
    }

    @Bean
    HeldDecisions heldDecisions(HeldDecisionStore held, CurrentAgreements agreements, DecideService decide,
                                SharingDecisionStore decisions, EnvelopeCipher cipher, LedgerWriter ledger,
                                TransactionTemplate transactions, Clock clock,
                                org.junction.hub.audit.review.OverrideReviews reviews) {
        return new HeldDecisions(held, agreements, decide, decisions, cipher, ledger, transactions, clock, reviews);
    }

    @Bean
    VitalInterestsRecords vitalInterestsRecords(VitalInterestsStore store, CurrentAgreements agreements,
                                                EnvelopeCipher cipher, LedgerWriter ledger, Alerts alerts,
                                                TransactionTemplate transactions, Clock clock) {
        return new VitalInterestsRecords(store, agreements, cipher, ledger, alerts, transactions, clock);
    }

    @Bean
    VitalInterestsWatch vitalInterestsWatch(VitalInterestsStore store, Alerts alerts, LedgerWriter ledger,
                                            TransactionTemplate transactions, AlertProperties settings, Clock clock) {
        return new VitalInterestsWatch(store, alerts, ledger, transactions, settings.checkInterval(), clock);
    }

    @Bean
    HeldDecisionWatch heldDecisionWatch(HeldDecisionStore held, Alerts alerts, TransactionTemplate transactions,
                                        AlertProperties settings, Clock clock, BatchDecisions batches) {
        return new HeldDecisionWatch(held, alerts, transactions, settings.checkInterval(), clock,
                batches::resumeUnfinished);
    }

    /** Records each run of a bulk feed, and marks its subjects, once intake has stored its rows. */
    @Bean
    BulkRunStore bulkRunStore(JdbcTemplate jdbc, TransactionTemplate transactions, IntakeService intake) {
        var runs = new BulkRunStore(jdbc, transactions);
        intake.addBulkRunListener(runs);
        return runs;
    }

    @Bean
    BatchDecisions batchDecisions(HeldDecisionStore held, BulkRunStore runs, CurrentAgreements agreements,
                                  DecideService decide, SharingDecisionStore decisions, EnvelopeCipher cipher,
                                  LedgerWriter ledger, TransactionTemplate transactions, Clock clock) {
        return new BatchDecisions(held, runs, agreements, decide, decisions, cipher, ledger, transactions, clock,
                BATCH_CHUNK);
    }
}
