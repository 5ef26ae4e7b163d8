package org.junction.console.web.flows;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junction.console.agreements.AgreementAdministration;
import org.junction.security.identity.Person;
import org.junction.security.identity.Role;
import org.junit.jupiter.api.Test;

class FlowsPageTest {

    record IgLead() implements Person {
        public String id() {
            return "ig-gp";
        }

        public String organisation() {
            return "gp-test";
        }

        public Set<Role> roles() {
            return Set.of(Role.IG_LEAD);
        }

        public boolean hubWide() {
            return false;
        }
    }

    @Test
    void theDiagramSumsPurposesAndBasesBetweenTwoOrganisationsAndKeepsSendersApartFromRecipients() {
        var sankey = FlowsPage.sankey(List.of(
                new DataFlows.FlowCount("police-test", "gp-test", "PATSFTY", "CONSENT_AGREEMENT", 3, 3),
                new DataFlows.FlowCount("police-test", "gp-test", "PATSFTY", "OVERRIDE", 2, 1),
                new DataFlows.FlowCount("gp-test", "police-test", "SUPNWK", "CONSENT_AGREEMENT", 1, 1)));

        assertThat(((List<?>) sankey.get("nodes")).stream().map(n -> (Object) ((Map<?, ?>) n).get("name")).toList())
                .containsExactly("police-test (sends)", "gp-test (receives)", "gp-test (sends)", "police-test (receives)");
        assertThat(new java.util.ArrayList<Object>((List<?>) sankey.get("links"))).containsExactly(
                (Object) Map.of("source", "police-test (sends)", "target", "gp-test (receives)", "value", 5L),
                Map.of("source", "gp-test (sends)", "target", "police-test (receives)", "value", 1L));
    }

    @Test
    void theRecordOfProcessingHasARowPerFlowInForceAndItsCsvDefusesFormulas() {
        var flow = new AgreementAdministration.FlowView("police-to-gp", "police-test", "gp-test", List.of("PATSFTY"),
                "UNLESS_OVERRIDE", List.of("IDENTITY", "REFERRAL"), List.of("6(1)(e)", "=cmd"),
                new AgreementAdministration.RetentionView("P6Y", "P30D", "P8Y", "secure-erase"));
        var inForce = agreement("in-force", "IN_FORCE", flow);
        var lapsed = agreement("lapsed", "EXPIRED", flow);
        AgreementAdministration agreements = new AgreementAdministration() {
            public AgreementList agreements(Person caller) {
                return new AgreementList(List.of(inForce, lapsed), List.of());
            }

            public ApprovalOutcome approve(String agreementId, int version, Person caller) {
                throw new UnsupportedOperationException();
            }
        };
        FlowsPage page = new FlowsPage((viewer, since) -> List.of(), agreements,
                Clock.fixed(Instant.parse("2026-11-23T10:00:00Z"), ZoneOffset.UTC));

        assertThat(page.ropa(new IgLead())).containsExactly(List.of("in-force", "1", "police-to-gp", "police-test",
                "gp-test", "PATSFTY", "IDENTITY REFERRAL", "6(1)(e) =cmd", "UNLESS_OVERRIDE", "P6Y", "P30D", "P8Y",
                "secure-erase", "2027-11-23"));
        String csv = new String(page.ropaCsv(new IgLead()).getBody(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).startsWith("\"Agreement\",\"Version\",").contains("\"6(1)(e) =cmd\"");

        var formula = new AgreementAdministration.FlowView("=HYPERLINK(1)", "police-test", "gp-test", List.of(),
                "ALWAYS", List.of(), List.of(), null);
        FlowsPage risky = new FlowsPage((viewer, since) -> List.of(), new AgreementAdministration() {
            public AgreementList agreements(Person caller) {
                return new AgreementList(List.of(agreement("x", "IN_FORCE", formula)), List.of());
            }

            public ApprovalOutcome approve(String agreementId, int version, Person caller) {
                throw new UnsupportedOperationException();
            }
        }, Clock.systemUTC());
        assertThat(new String(risky.ropaCsv(new IgLead()).getBody(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"'=HYPERLINK(1)\"");
    }

    private static AgreementAdministration.AgreementView agreement(String id, String standing,
                                                                  AgreementAdministration.FlowView flow) {
        return new AgreementAdministration.AgreementView(id, 1, "ACTIVE", "Title " + id, id + ".yaml",
                LocalDate.of(2026, 1, 1), LocalDate.of(2027, 1, 1), LocalDate.of(2027, 11, 23), standing,
                "IN_FORCE".equals(standing) ? null : "AGREEMENT_EXPIRED", List.of(), List.of(), List.of(flow));
    }
}
