package org.junction.security.governance.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import org.junction.security.governance.GovernanceFixtures;
import org.junction.security.governance.agreement.AgreementRegistry;
import org.junction.security.governance.agreement.ExpiryAlerts;
import org.junction.security.governance.decision.FeedbackPolicy.Allowed;
import org.junit.jupiter.api.Test;

class FeedbackAndExpiryTest {

    static final AgreementRegistry REGISTRY = GovernanceFixtures.registry();
    static final LocalDate TODAY = GovernanceFixtures.TODAY;

    @Test
    void freeTextOnlyWhereTheReverseFlowAllowsIt() {
        assertThat(FeedbackPolicy.allowed(REGISTRY, "north-safeguarding", 3, "police-to-cru", TODAY))
                .isEqualTo(Allowed.FREE_TEXT);
        assertThat(FeedbackPolicy.allowed(REGISTRY, "north-safeguarding", 3, "police-to-gp", TODAY))
                .isEqualTo(Allowed.STATUS_ONLY);
        // No reverse flow at all: the status code still goes back, nothing more.
        assertThat(FeedbackPolicy.allowed(REGISTRY, "north-safeguarding", 3, "police-to-mash", TODAY))
                .isEqualTo(Allowed.STATUS_ONLY);
    }

    @Test
    void noFreeTextOnceTheAgreementIsNotInForceOrForAnotherVersion() {
        assertThat(FeedbackPolicy.allowed(REGISTRY, "north-safeguarding", 3, "police-to-cru", LocalDate.of(2027, 1, 2)))
                .isEqualTo(Allowed.STATUS_ONLY);
        assertThat(FeedbackPolicy.allowed(new AgreementRegistry(REGISTRY.agreements(), Set.of()), "north-safeguarding",
                3, "police-to-cru", TODAY)).isEqualTo(Allowed.STATUS_ONLY);
        assertThat(FeedbackPolicy.allowed(REGISTRY, "north-safeguarding", 2, "police-to-cru", TODAY))
                .isEqualTo(Allowed.STATUS_ONLY);
    }

    @Test
    void expiryAlertsAt30And7DaysAndOnTheDay() {
        // The sample agreement expires on 2027-01-01.
        assertThat(ExpiryAlerts.due(REGISTRY, LocalDate.of(2026, 12, 2))).singleElement()
                .satisfies(a -> assertThat(a.daysUntilExpiry()).isEqualTo(30));
        assertThat(ExpiryAlerts.due(REGISTRY, LocalDate.of(2026, 12, 25))).singleElement()
                .satisfies(a -> assertThat(a.daysUntilExpiry()).isEqualTo(7));
        assertThat(ExpiryAlerts.due(REGISTRY, LocalDate.of(2027, 1, 1))).singleElement()
                .satisfies(a -> assertThat(a.daysUntilExpiry()).isZero());
        for (LocalDate quiet : List.of(LocalDate.of(2026, 12, 3), LocalDate.of(2026, 12, 26), LocalDate.of(2027, 1, 2))) {
            assertThat(ExpiryAlerts.due(REGISTRY, quiet)).as(quiet.toString()).isEmpty();
        }
        assertThat(ExpiryAlerts.due(new AgreementRegistry(REGISTRY.agreements(), Set.of()), LocalDate.of(2026, 12, 2)))
                .as("an agreement not in force is not alerted").isEmpty();
    }
}
