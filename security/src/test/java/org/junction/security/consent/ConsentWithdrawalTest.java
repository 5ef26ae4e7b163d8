package org.junction.security.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junction.security.consent.ConsentRecord.Provision;
import org.junction.security.consent.ConsentRecord.Status;
import org.junit.jupiter.api.Test;

class ConsentWithdrawalTest {

    private static final Instant AT = Instant.parse("2026-11-02T10:00:00Z");

    @Test
    void aRefusalAfterAnAgreementForTheSamePurposeIsAWithdrawal() {
        ConsentRecord agreed = record(Status.ACTIVE, Provision.PERMIT, "PATSFTY");

        assertThat(record(Status.ACTIVE, Provision.DENY, "PATSFTY").withdraws(List.of(agreed))).isTrue();
        assertThat(record(Status.INACTIVE, Provision.PERMIT, "PATSFTY").withdraws(List.of(agreed)))
                .as("the permit made inactive").isTrue();
        assertThat(record(Status.ACTIVE, Provision.DENY).withdraws(List.of(agreed))).as("a refusal of everything")
                .isTrue();
    }

    @Test
    void aRefusalWithNothingAgreedBeforeItOrForAnotherPurposeIsNoWithdrawal() {
        assertThat(record(Status.ACTIVE, Provision.DENY, "PATSFTY").withdraws(List.of())).isFalse();
        assertThat(record(Status.ACTIVE, Provision.DENY, "PATSFTY")
                .withdraws(List.of(record(Status.ACTIVE, Provision.PERMIT, "SUPNWK")))).isFalse();
        assertThat(record(Status.ACTIVE, Provision.DENY, "PATSFTY")
                .withdraws(List.of(record(Status.ACTIVE, Provision.DENY, "PATSFTY")))).as("refused twice").isFalse();
        assertThat(record(Status.ACTIVE, Provision.PERMIT, "PATSFTY")
                .withdraws(List.of(record(Status.ACTIVE, Provision.PERMIT, "PATSFTY")))).as("agreed again").isFalse();
    }

    @Test
    void aRecordDoesNotWithdrawItself() {
        ConsentRecord inactive = record(Status.INACTIVE, Provision.PERMIT, "PATSFTY");

        assertThat(inactive.withdraws(List.of(inactive))).isFalse();
    }

    private static ConsentRecord record(Status status, Provision provision, String... purposes) {
        return new ConsentRecord(UUID.randomUUID(), status, provision, Set.of(purposes), Set.of(), null, null, AT);
    }
}
