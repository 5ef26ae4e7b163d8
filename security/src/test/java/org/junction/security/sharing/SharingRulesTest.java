package org.junction.security.sharing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junction.security.consent.ConsentRecord;
import org.junit.jupiter.api.Test;

class SharingRulesTest {

    private static final Set<String> PARTNERS = Set.of("police", "gp", "housing");
    private static final Set<String> RECEIVERS = Set.of("gp", "housing");
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void parsesRulesAndFindsRecipientsBySenderAndPurpose() {
        SharingRules rules = SharingRulesFile.parse("""
                rules:
                  - from: police
                    to: gp
                    purposes: [PATSFTY, COC]
                  - from: police
                    to: housing
                    purposes: [COC]
                """, "sharing-rules.yaml", PARTNERS, RECEIVERS);

        assertThat(rules.recipientsFor("police", "COC")).containsExactly("gp", "housing");
        assertThat(rules.recipientsFor("police", "PATSFTY")).containsExactly("gp");
        assertThat(rules.recipientsFor("gp", "COC")).isEmpty();
    }

    @Test
    void unknownPartnerIsRefusedNamingFileRuleAndKey() {
        assertThatThrownBy(() -> SharingRulesFile.parse("""
                rules:
                  - from: nobody
                    to: gp
                    purposes: [COC]
                """, "sharing-rules.yaml", PARTNERS, RECEIVERS))
                .hasMessage("sharing-rules.yaml: rules[0].from: no partner 'nobody' is configured");
    }

    @Test
    void ruleToAPartnerThatCannotReceiveIsRefused() {
        assertThatThrownBy(() -> SharingRulesFile.parse("""
                rules:
                  - from: gp
                    to: police
                    purposes: [COC]
                """, "sharing-rules.yaml", PARTNERS, RECEIVERS))
                .hasMessage("sharing-rules.yaml: rules[0].to: partner 'police' is not configured to receive (no endpoint)");
    }

    @Test
    void ruleWithoutPurposesIsRefused() {
        assertThatThrownBy(() -> SharingRulesFile.parse("""
                rules:
                  - from: police
                    to: gp
                """, "sharing-rules.yaml", PARTNERS, RECEIVERS))
                .hasMessageContaining("rules[0].purposes");
    }

    @Test
    void invalidYamlIsRefusedNamingTheFile() {
        assertThatThrownBy(() -> SharingRulesFile.parse("rules: [", "sharing-rules.yaml", PARTNERS, RECEIVERS))
                .hasMessageStartingWith("sharing-rules.yaml");
    }

    @Test
    void procedureDeniesWithoutARuleAndDecidesConsentPerRecipient() {
        var rules = new SharingRules(List.of(new SharingRule("police", "gp", Set.of("PATSFTY")),
                new SharingRule("police", "housing", Set.of("PATSFTY"))));
        var consentForGpOnly = new ConsentRecord(UUID.randomUUID(), ConsentRecord.Status.ACTIVE,
                ConsentRecord.Provision.PERMIT, Set.of(), Set.of("gp"), null, null, NOW.minusSeconds(60));

        assertThat(SharingProcedure.decide(rules, "police", "COC", List.of(consentForGpOnly), NOW))
                .containsExactly(new SharingDecision("-", SharingDecision.Outcome.DENY, "NO_SHARING_RULE"));
        assertThat(SharingProcedure.decide(rules, "police", "PATSFTY", List.of(consentForGpOnly), NOW))
                .containsExactly(new SharingDecision("gp", SharingDecision.Outcome.PERMIT, "CONSENT_GIVEN"),
                        new SharingDecision("housing", SharingDecision.Outcome.DENY, "NO_CONSENT"));
    }
}
