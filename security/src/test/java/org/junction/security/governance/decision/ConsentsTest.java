package org.junction.security.governance.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junction.security.governance.GovernanceFixtures.GP;
import static org.junction.security.governance.GovernanceFixtures.NOW;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junction.security.consent.ConsentRecord;
import org.junction.security.consent.ConsentRecord.Provision;
import org.junction.security.consent.ConsentRecord.Status;
import org.junit.jupiter.api.Test;

class ConsentsTest {

    static final Instant DAY_AGO = NOW.minus(Duration.ofDays(1));

    static ConsentRecord record(Status status, Provision provision, Instant from, Instant until, Instant recordedAt) {
        return new ConsentRecord(UUID.randomUUID(), status, provision, Set.of("PATSFTY"), Set.of("gp-north"), from,
                until, recordedAt);
    }

    static ConsentState.Status state(ConsentRecord... records) {
        return Consents.state(List.of(records), GP, "PATSFTY", NOW).status();
    }

    @Test
    void aRefusalNoLongerInEffectLeavesTheEarlierAgreement() {
        ConsentRecord agreed = record(Status.ACTIVE, Provision.PERMIT, null, null, DAY_AGO.minusSeconds(60));
        ConsentRecord liftedRefusal = record(Status.INACTIVE, Provision.DENY, null, null, DAY_AGO);
        assertThat(state(agreed, liftedRefusal)).isEqualTo(ConsentState.Status.GIVEN);
    }

    @Test
    void aNewerPermitNotYetStartedLeavesTheOlderOneStanding() {
        ConsentRecord older = record(Status.ACTIVE, Provision.PERMIT, null, null, DAY_AGO.minusSeconds(60));
        ConsentRecord future = record(Status.ACTIVE, Provision.PERMIT, NOW.plus(Duration.ofDays(3)), null, DAY_AGO);
        assertThat(state(older, future)).isEqualTo(ConsentState.Status.GIVEN);
        assertThat(state(future)).isEqualTo(ConsentState.Status.OUTSIDE_PERIOD);
    }

    @Test
    void aConsentRecordedAfterTheDecisionDoesNotCount() {
        assertThat(state(record(Status.ACTIVE, Provision.PERMIT, null, null, NOW.plusSeconds(5))))
                .isEqualTo(ConsentState.Status.NONE);
    }

    @Test
    void onTheSameInstantARefusalWins() {
        ConsentRecord agreed = record(Status.ACTIVE, Provision.PERMIT, null, null, DAY_AGO);
        ConsentRecord refused = record(Status.ACTIVE, Provision.DENY, null, null, DAY_AGO);
        assertThat(state(agreed, refused)).isIn(ConsentState.Status.WITHDRAWN, ConsentState.Status.REFUSED)
                .isNotEqualTo(ConsentState.Status.GIVEN);
    }

    @Test
    void aFreshAgreementOverridesAnOlderRefusal() {
        ConsentRecord refused = record(Status.ACTIVE, Provision.DENY, null, null, DAY_AGO.minusSeconds(60));
        ConsentRecord agreed = record(Status.ACTIVE, Provision.PERMIT, null, null, DAY_AGO);
        assertThat(state(refused, agreed)).isEqualTo(ConsentState.Status.GIVEN);
        assertThat(state(refused)).isEqualTo(ConsentState.Status.REFUSED);
    }

    @Test
    void draftsAndErrorsSayNothing() {
        assertThat(state(record(Status.DRAFT, Provision.PERMIT, null, null, DAY_AGO),
                record(Status.ENTERED_IN_ERROR, Provision.PERMIT, null, null, DAY_AGO)))
                .isEqualTo(ConsentState.Status.NONE);
    }

    @Test
    void reasonCodes() {
        assertThat(ConsentState.Status.NONE.reasonCode()).isEqualTo("CONSENT_REQUIRED");
        assertThat(ConsentState.Status.WITHDRAWN.reasonCode()).isEqualTo("CONSENT_WITHDRAWN");
    }
}
