package org.junction.hub.support;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junction.adapters.config.ActiveConfig;
import org.junction.hub.agreements.AgreementApprovalStore;
import org.junction.hub.agreements.CurrentAgreements;
import org.junction.hub.support.HubIntegrationTest.TestFlow;
import org.junction.security.governance.agreement.Agreement;
import org.junction.security.governance.agreement.AgreementApproval;
import org.junction.security.governance.agreement.AgreementFile;
import org.junction.security.governance.agreement.Party;
import org.junction.security.governance.data.DataCategory;
import org.junction.security.governance.data.DataItem;

/**
 * Agreements for integration tests: a consent-only agreement over given flows (every data item
 * allowed, so what a test sends is what the recipient gets), and every party's approval of an
 * agreement, recorded through the hub's own approval store.
 */
public class TestAgreements {

    private final ActiveConfig config;
    private final AgreementApprovalStore approvals;
    private final CurrentAgreements current;

    public TestAgreements(ActiveConfig config, AgreementApprovalStore approvals, CurrentAgreements current) {
        this.config = config;
        this.approvals = approvals;
        this.current = current;
    }

    /** Each party's IG lead approves the version of agreement {@code id} in the configuration; in force after. */
    public void approveEveryParty(String id) {
        Agreement agreement = config.agreements().stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no agreement " + id + " in the configuration"));
        boolean any = false;
        for (Party party : agreement.parties()) {
            any |= approvals.approve(new AgreementApproval(id, agreement.version(), party.organisation()),
                    "ig-" + party.organisation(), Instant.now());
        }
        if (any) {
            current.refresh();
        }
    }

    /**
     * An ACTIVE agreement, in its dates, whose flows need the person's consent and allow every
     * data item and category. Each partner named is its own organisation (the test partners'
     * default); police forces process under DPA 2018 Part 3.
     */
    public static String consentOnly(String id, int version, List<TestFlow> flows) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Set<String> organisations = new LinkedHashSet<>();
        flows.forEach(f -> {
            organisations.add(f.from());
            organisations.add(f.to());
        });
        var yaml = new StringBuilder("""
                id: %s
                version: %d
                status: ACTIVE
                title: Sharing between the test partners, with consent
                owner: {organisation: %s, role: Data Protection Officer}
                parties:
                """.formatted(id, version, flows.get(0).from()));
        for (String organisation : organisations) {
            yaml.append("  - {organisation: %s, name: %s, role: CONTROLLER, regime: %s}\n".formatted(organisation,
                    organisation, organisation.startsWith("police") ? "PART3" : "UKGDPR"));
        }
        yaml.append("""
                effective-from: %s
                review-date: %s
                expires: %s
                flows:
                """.formatted(today.minusDays(30), today.plusMonths(6), today.plusYears(2)));
        String types = AgreementFile.REFERRAL_TYPES.stream().sorted().collect(Collectors.joining(", "));
        String items = Arrays.stream(DataItem.values()).map(DataItem::key).collect(Collectors.joining(", "));
        String categories = Arrays.stream(DataCategory.values()).filter(DataCategory::permittable).map(Enum::name)
                .collect(Collectors.joining(", "));
        int n = 0;
        for (TestFlow flow : flows) {
            yaml.append("""
                      - id: flow-%d
                        from: %s
                        to: %s
                        purposes: [%s]
                        referral-types: [%s]
                        data-items: [%s]
                        data-categories: [%s]
                        lawful-basis: {art6: 6(1)(e), art9: 9(2)(h), art10: DPA2018-Sch1-para10,
                                       part3: DPA2018-s35, common-law: CONSENT}
                        consent-rule: ALWAYS
                        maximum-decision-wait: PT4H
                        classification: {marking: OFFICIAL-SENSITIVE, descriptors: [PERSONAL]}
                        retention: {recipient: P2Y, hub-transit: P30D, audit-log: P8Y, disposal: secure-erase}
                    """.formatted(++n, flow.from(), flow.to(), String.join(", ", flow.purposes()), types, items,
                    categories));
        }
        return yaml.toString();
    }
}
