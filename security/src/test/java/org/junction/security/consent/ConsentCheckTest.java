package org.junction.security.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ConsentCheckTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void noConsentMeansNoSharing() {
        assertThat(ConsentCheck.evaluate(List.of(), "gp", "PATSFTY", NOW)).isEqualTo(ConsentOutcome.NO_CONSENT);
    }

    @Test
    void activePermitCoveringRecipientAndPurposeAllowsSharing() {
        var consent = permit(Set.of("PATSFTY"), Set.of("gp"), "2026-11-01T00:00:00Z");

        assertThat(ConsentCheck.evaluate(List.of(consent), "gp", "PATSFTY", NOW)).isEqualTo(ConsentOutcome.CONSENT_GIVEN);
    }

    @Test
    void permitForAnotherPurposeOrRecipientDoesNotCover() {
        var consent = permit(Set.of("COC"), Set.of("gp"), "2026-11-01T00:00:00Z");
        var otherRecipient = permit(Set.of(), Set.of("housing"), "2026-11-01T00:00:00Z");

        assertThat(ConsentCheck.evaluate(List.of(consent, otherRecipient), "gp", "PATSFTY", NOW))
                .isEqualTo(ConsentOutcome.NO_CONSENT);
    }

    @Test
    void laterRefusalOverridesEarlierPermit() {
        var permit = permit(Set.of(), Set.of(), "2026-11-01T00:00:00Z");
        var refusal = record(ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.DENY, null, null, "2026-11-10T00:00:00Z");

        assertThat(ConsentCheck.evaluate(List.of(permit, refusal), "gp", "PATSFTY", NOW))
                .isEqualTo(ConsentOutcome.CONSENT_REFUSED);
    }

    @Test
    void laterPermitOverridesEarlierRefusal() {
        var refusal = record(ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.DENY, null, null, "2026-11-01T00:00:00Z");
        var permit = permit(Set.of(), Set.of(), "2026-11-10T00:00:00Z");

        assertThat(ConsentCheck.evaluate(List.of(refusal, permit), "gp", "PATSFTY", NOW))
                .isEqualTo(ConsentOutcome.CONSENT_GIVEN);
    }

    @Test
    void expiredInactiveOrEnteredInErrorConsentsDoNotCount() {
        var expired = record(ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.PERMIT, null,
                Instant.parse("2026-11-20T00:00:00Z"), "2026-11-01T00:00:00Z");
        var inactive = record(ConsentRecord.Status.INACTIVE, ConsentRecord.Provision.PERMIT, null, null, "2026-11-02T00:00:00Z");
        var inError = record(ConsentRecord.Status.ENTERED_IN_ERROR, ConsentRecord.Provision.PERMIT, null, null,
                "2026-11-03T00:00:00Z");
        var notYet = record(ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.PERMIT,
                Instant.parse("2026-12-01T00:00:00Z"), null, "2026-11-04T00:00:00Z");

        assertThat(ConsentCheck.evaluate(List.of(expired, inactive, inError, notYet), "gp", "PATSFTY", NOW))
                .isEqualTo(ConsentOutcome.NO_CONSENT);
    }

    @Test
    void onTheSameInstantARefusalWins() {
        var permit = permit(Set.of(), Set.of(), "2026-11-01T00:00:00Z");
        var refusal = record(ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.DENY, null, null, "2026-11-01T00:00:00Z");

        assertThat(ConsentCheck.evaluate(List.of(permit, refusal), "gp", "PATSFTY", NOW))
                .isEqualTo(ConsentOutcome.CONSENT_REFUSED);
        assertThat(ConsentCheck.evaluate(List.of(refusal, permit), "gp", "PATSFTY", NOW))
                .isEqualTo(ConsentOutcome.CONSENT_REFUSED);
    }

    private static ConsentRecord permit(Set<String> purposes, Set<String> recipients, String recordedAt) {
        return new ConsentRecord(UUID.randomUUID(), ConsentRecord.Status.ACTIVE, ConsentRecord.Provision.PERMIT, purposes,
                recipients, null, null, Instant.parse(recordedAt));
    }

    private static ConsentRecord record(ConsentRecord.Status status, ConsentRecord.Provision provision, Instant from,
                                        Instant until, String recordedAt) {
        return new ConsentRecord(UUID.randomUUID(), status, provision, Set.of(), Set.of(), from, until,
                Instant.parse(recordedAt));
    }
}
