package org.junction.mappings.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Collections;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.testing.Fixtures;
import org.junit.jupiter.api.Test;

class ReferralTest {

    private static final String CONSENTED = "domestic-abuse-consent-given";
    private static final String NOT_ASKED = "mental-health-no-nhs-number-consent-not-asked";

    @Test
    void exposesAConsentedReferralThroughTypedAccessors() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED);

        Referral referral = Referral.of(bundle);

        assertThat(referral.bundle()).isSameAs(bundle);
        assertThat(referral.trackingId()).isEqualTo(Fixtures.CONTEXT.trackingId());
        assertThat(referral.senderPartnerId()).isEqualTo("test-police");
        assertThat(referral.messageHeader()).isSameAs(bundle.getEntryFirstRep().getResource());
        assertThat(referral.serviceRequest()).isSameAs(bundle.getEntry().get(1).getResource());
        assertThat(referral.patient().getNameFirstRep().getFamily()).isEqualTo("Testperson");
        assertThat(referral.purpose()).isEqualTo("PATSFTY");
        assertThat(referral.referralType()).isEqualTo("PPN_DOMESTIC_ABUSE");
        assertThat(referral.referralKind()).isEqualTo("REFERRAL");
        assertThat(referral.concerns()).containsExactly("DA", "MH");
        assertThat(referral.priority()).isEqualTo("urgent");
        assertThat(referral.riskGrade()).contains("HIGH");
        assertThat(referral.consentStatus()).isEqualTo("GIVEN");
        assertThat(referral.consent()).get()
                .satisfies(c -> assertThat(c.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.PERMIT));
        assertThat(referral.nhsNumber()).contains("9990000018");
        assertThat(referral.subjectIdentifiers()).containsExactly(
                new SubjectIdentifier(JunctionSystems.NHS_NUMBER, "9990000018"),
                new SubjectIdentifier(JunctionSystems.policeNominal("test-police"), "N123456"));
        assertThat(referral.correlationId()).contains(Fixtures.CONTEXT.correlationId());
    }

    @Test
    void aReferralWithoutNhsNumberOrConsentDecisionHasEmptyOptionals() {
        Referral referral = Referral.of(Fixtures.mapPolice(NOT_ASKED));

        assertThat(referral.nhsNumber()).isEmpty();
        assertThat(referral.subjectIdentifiers()).isEmpty();
        assertThat(referral.consent()).isEmpty();
        assertThat(referral.consentStatus()).isEqualTo("NOT_ASKED");
        assertThat(referral.riskGrade()).contains("NOT_ASSESSED");
        assertThat(referral.priority()).isEqualTo("routine");
        assertThat(referral.referralKind()).isEqualTo("INFORMATION_ONLY");
    }

    @Test
    void aRefusedConsentIsExposedAsADenyProvision() {
        Referral referral = Referral.of(Fixtures.mapPolice("adult-at-risk-consent-refused"));

        assertThat(referral.consentStatus()).isEqualTo("REFUSED");
        assertThat(referral.consent()).get()
                .satisfies(c -> assertThat(c.getProvision().getType()).isEqualTo(Consent.ConsentProvisionType.DENY));
    }

    @Test
    void refusesABundleWhoseFirstEntryIsNotAMessageHeader() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED);
        Collections.swap(bundle.getEntry(), 0, 1);

        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(bundle))
                .withMessageContaining("first entry is not a MessageHeader");
    }

    @Test
    void refusesAnEmptyMessageBundle() {
        Bundle bundle = new Bundle().setType(Bundle.BundleType.MESSAGE);

        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(bundle))
                .withMessageContaining("first entry is not a MessageHeader");
    }

    @Test
    void refusesABundleThatIsNotAMessage() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED).setType(Bundle.BundleType.COLLECTION);

        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(bundle))
                .withMessageContaining("Bundle.type is not message");
    }

    @Test
    void refusesAMessageWhoseFocusIsNotInTheBundle() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED);
        bundle.getEntry().remove(1);

        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(bundle))
                .withMessageContaining("MessageHeader.focus does not resolve to a ServiceRequest");
    }

    @Test
    void refusesAMessageWhoseFocusIsNotAServiceRequest() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED);
        MessageHeader header = (MessageHeader) bundle.getEntryFirstRep().getResource();
        header.getFocusFirstRep().setReference(bundle.getEntry().get(2).getFullUrl());

        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(bundle))
                .withMessageContaining("MessageHeader.focus does not resolve to a ServiceRequest");
    }

    @Test
    void refusesAReferralWithoutAPatientSubject() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED);
        ((ServiceRequest) bundle.getEntry().get(1).getResource()).setSubject(new Reference("urn:uuid:" + UUID.randomUUID()));

        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(bundle))
                .withMessageContaining("ServiceRequest.subject does not resolve to a Patient");
    }

    @Test
    void refusesABundleWithoutATrackingIdOrPurposeOrPartner() {
        Bundle noTracking = Fixtures.mapPolice(CONSENTED);
        noTracking.getIdentifier().setValue("not-a-uuid");
        Bundle noPurpose = Fixtures.mapPolice(CONSENTED);
        noPurpose.getMeta().getSecurity().removeIf(c -> JunctionSystems.V3_ACT_REASON.equals(c.getSystem()));
        Bundle noPartner = Fixtures.mapPolice(CONSENTED);
        ((MessageHeader) noPartner.getEntryFirstRep().getResource()).getSource().setEndpoint("https://elsewhere.example");

        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(noTracking)).withMessageContaining("not a UUID");
        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(noPurpose)).withMessageContaining("purpose of use");
        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(noPartner)).withMessageContaining("source.endpoint");
    }

    @Test
    void refusalMessagesCarryNoValuesFromTheBundle() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED);
        bundle.getIdentifier().setValue("Testperson-9990000018");

        assertThatIllegalArgumentException().isThrownBy(() -> Referral.of(bundle))
                .withMessageNotContaining("Testperson").withMessageNotContaining("9990000018");
    }

    @Test
    void resolvesReferencesWrittenAsTypeAndId() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED);
        ServiceRequest request = (ServiceRequest) bundle.getEntry().get(1).getResource();
        ((MessageHeader) bundle.getEntryFirstRep().getResource()).getFocusFirstRep()
                .setReference("ServiceRequest/" + request.getIdElement().getIdPart());

        assertThat(Referral.of(bundle).serviceRequest()).isSameAs(request);
    }

    @Test
    void readingTheViewLeavesTheBundleUnchanged() {
        Bundle bundle = Fixtures.mapPolice(CONSENTED);
        String before = Fhir.toJson(bundle);

        Referral referral = Referral.of(bundle);
        referral.consent();
        referral.riskGrade();
        referral.subjectIdentifiers();
        referral.priority();

        assertThat(Fhir.toJson(bundle)).isEqualTo(before);
    }

    @Test
    void toStringNamesTheReferralWithoutPersonalData() {
        assertThat(Referral.of(Fixtures.mapPolice(CONSENTED)).toString())
                .contains(Fixtures.CONTEXT.trackingId().toString())
                .doesNotContain("Testperson").doesNotContain("9990000018");
    }
}
