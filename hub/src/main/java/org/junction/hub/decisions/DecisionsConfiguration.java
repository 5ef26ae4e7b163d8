package org.junction.hub.decisions;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junction.adapters.config.ActiveConfig;
import org.junction.adapters.partner.PartnerSettings;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.operations.AlertKind;
import org.junction.hub.operations.AlertProperties;
import org.junction.hub.operations.Alerts;
import org.junction.routes.decide.DecideService;
import org.junction.routes.decide.Governance;
import org.junction.routes.decide.HeldDecisionStore;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.governance.agreement.Recipient;
import org.junction.security.governance.agreement.RecipientKind;
import org.junction.security.governance.routing.AreaRouting;
import org.junction.security.sharing.SharingDecisionStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/** Deciding under agreements: the governance the decide step uses, the held-decision queue and its API. */
@Configuration(proxyBeanMethods = false)
public class DecisionsConfiguration {

    private static final AreaRouting NO_AREA_ROUTING = new AreaRouting(Map.of(), Map.of());

    @Bean
    HeldDecisionStore heldDecisionStore(JdbcTemplate jdbc) {
        return new HeldDecisionStore(jdbc);
    }

    /**
     * Recipients are the configured partners with a sink, as the governance sees them. No area
     * routing table yet: recipients come from the flows alone.
     */
    @Bean
    Governance governance(CurrentAgreements agreements, ActiveConfig config, HeldDecisionStore held, Alerts alerts) {
        return new Governance(agreements, () -> recipients(config), sender -> config.current().partner(sender)
                .map(PartnerSettings::organisation).orElse(sender), () -> NO_AREA_ROUTING, held,
                item -> alerts.occurred(AlertKind.DECISION_WAITING, HeldDecisionWatch.key(item)));
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
    HeldDecisionWatch heldDecisionWatch(HeldDecisionStore held, Alerts alerts, TransactionTemplate transactions,
                                        AlertProperties settings, Clock clock) {
        return new HeldDecisionWatch(held, alerts, transactions, settings.checkInterval(), clock);
    }
}
