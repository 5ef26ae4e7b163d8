package org.junction.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;

import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.testing.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReferralRoundTripTest {

    @ParameterizedTest
    @ValueSource(strings = {"domestic-abuse-consent-given", "mental-health-no-nhs-number-consent-not-asked",
            "adult-at-risk-consent-refused", "minimal-required-fields-only"})
    void serialisingAndParsingGivesAnEqualReferralView(String fixture) {
        Bundle original = Fixtures.mapPolice(fixture);
        String json = Fhir.toJson(original);

        Bundle parsed = Fhir.parseBundle(json);
        Referral before = Referral.of(original);
        Referral after = Referral.of(parsed);

        assertThat(Fhir.toJson(parsed)).isEqualTo(json);
        assertThat(after.trackingId()).isEqualTo(before.trackingId());
        assertThat(after.senderPartnerId()).isEqualTo(before.senderPartnerId());
        assertThat(after.purpose()).isEqualTo(before.purpose());
        assertThat(after.referralType()).isEqualTo(before.referralType());
        assertThat(after.referralKind()).isEqualTo(before.referralKind());
        assertThat(after.concerns()).isEqualTo(before.concerns());
        assertThat(after.priority()).isEqualTo(before.priority());
        assertThat(after.riskGrade()).isEqualTo(before.riskGrade());
        assertThat(after.consentStatus()).isEqualTo(before.consentStatus());
        assertThat(after.consent().isPresent()).isEqualTo(before.consent().isPresent());
        assertThat(after.nhsNumber()).isEqualTo(before.nhsNumber());
        assertThat(after.subjectIdentifiers()).isEqualTo(before.subjectIdentifiers());
        assertThat(after.correlationId()).isEqualTo(before.correlationId());
        assertThat(Fhir.toJson(after.serviceRequest())).isEqualTo(Fhir.toJson(before.serviceRequest()));
        assertThat(Fhir.toJson(after.patient())).isEqualTo(Fhir.toJson(before.patient()));
    }
}
