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
        assertSameView(before, after);
    }

    /** Every question the hub asks of a referral view gets the same answer from both. */
    static void assertSameView(Referral expected, Referral actual) {
        assertThat(actual.model()).isEqualTo(expected.model());
        assertThat(actual.trackingId()).isEqualTo(expected.trackingId());
        assertThat(actual.senderPartnerId()).isEqualTo(expected.senderPartnerId());
        assertThat(actual.purpose()).isEqualTo(expected.purpose());
        assertThat(actual.referralType()).isEqualTo(expected.referralType());
        assertThat(actual.referralKind()).isEqualTo(expected.referralKind());
        assertThat(actual.concerns()).isEqualTo(expected.concerns());
        assertThat(actual.priority()).isEqualTo(expected.priority());
        assertThat(actual.riskGrade()).isEqualTo(expected.riskGrade());
        assertThat(actual.consentStatus()).isEqualTo(expected.consentStatus());
        assertThat(actual.consent().map(Fhir::toJson)).isEqualTo(expected.consent().map(Fhir::toJson));
        assertThat(actual.nhsNumber()).isEqualTo(expected.nhsNumber());
        assertThat(actual.subjectIdentifiers()).isEqualTo(expected.subjectIdentifiers());
        assertThat(actual.bulkBatch()).isEqualTo(expected.bulkBatch());
        assertThat(actual.correlationId()).isEqualTo(expected.correlationId());
        assertThat(actual.bundle().getTimestamp()).isEqualTo(expected.bundle().getTimestamp());
        assertThat(Fhir.toJson(actual.serviceRequest())).isEqualTo(Fhir.toJson(expected.serviceRequest()));
        assertThat(Fhir.toJson(actual.patient())).isEqualTo(Fhir.toJson(expected.patient()));
    }
}
