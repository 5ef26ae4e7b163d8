package org.junction.hub.demo;

import java.time.Clock;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.governance.agreement.Party;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Demo seeding only: records every party's approval of the demo configuration's agreements, as
 * the simulated organisations' IG leads would, so the demo shares from its first referral. It runs
 * before the routes start. A real installation's approvals come from its IG leads, through the API.
 */
@Component
@Profile("demo")
public class DemoAgreementApprovals implements SmartInitializingSingleton {

    static final String DEMO_APPROVER = "demo-seed";
    private static final Logger log = LoggerFactory.getLogger(DemoAgreementApprovals.class);

    private final ActiveConfig config;
    private final AgreementApprovalStore approvals;
    private final CurrentAgreements agreements;
    private final Clock clock;

    public DemoAgreementApprovals(ActiveConfig config, AgreementApprovalStore approvals, CurrentAgreements agreements,
                                  Clock clock) {
        this.config = config;
        this.approvals = approvals;
        this.agreements = agreements;
        this.clock = clock;
    }

    @Override
    public void afterSingletonsInstantiated() {
        int recorded = 0;
        for (Agreement agreement : config.current().agreements()) {
            for (Party party : agreement.parties()) {
                if (approvals.approve(new AgreementApproval(agreement.id(), agreement.version(), party.organisation()),
                        DEMO_APPROVER, clock.instant())) {
                    recorded++;
                }
            }
        }
        agreements.refresh();
        log.info("Demo seeding: recorded {} agreement approvals for the demo parties", recorded);
    }
}
