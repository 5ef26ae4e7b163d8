package org.junction.security.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.junction.mappings.canonical.SubjectIdentifier;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.problem.MappingException;
import org.junit.jupiter.api.Test;

class FhirConsentsTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    @Test
    void consentWithoutAPatientIsRefusedNamingThePatient() {
        var consent = new Consent().setStatus(Consent.ConsentState.ACTIVE);
        consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);

        assertThatThrownBy(() -> FhirConsents.read(consent, FhirConsents.patientIdentifiers(consent), UUID.randomUUID(), NOW))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field()).contains("Consent.patient"));
    }

    @Test
    void patientNhsNumberFailingModulus11IsRefusedWithoutEchoingIt() {
        var consent = consentFor("9990000019");

        assertThatThrownBy(() -> FhirConsents.read(consent, FhirConsents.patientIdentifiers(consent), UUID.randomUUID(), NOW))
                .isInstanceOf(MappingException.class)
                .hasMessageContaining("Consent.patient.identifier")
                .hasMessageNotContaining("9990000019");
    }

    @Test
    void readsProvisionPurposesRecipientsAndPeriod() {
        var consent = consentFor("999 000 0018");
        consent.getProvision().addPurpose().setSystem(JunctionSystems.V3_ACT_REASON).setCode("PATSFTY");
        consent.getProvision().addActor().setReference(new Reference().setIdentifier(
                new Identifier().setSystem(JunctionSystems.PARTNER_ID).setValue("gp-demo")));
        consent.getProvision().getPeriod().setEnd(Date.from(Instant.parse("2027-01-01T00:00:00Z")));
        consent.setDateTime(Date.from(Instant.parse("2026-11-01T09:00:00Z")));

        var parsed = FhirConsents.read(consent, FhirConsents.patientIdentifiers(consent), UUID.randomUUID(), NOW);

        assertThat(parsed.subject()).containsExactly(new SubjectIdentifier(JunctionSystems.NHS_NUMBER, "9990000018"));
        assertThat(parsed.record().provision()).isEqualTo(ConsentRecord.Provision.PERMIT);
        assertThat(parsed.record().purposes()).containsExactly("PATSFTY");
        assertThat(parsed.record().recipients()).containsExactly("gp-demo");
        assertThat(parsed.record().validUntil()).isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
        assertThat(parsed.record().recordedAt()).as("ordered by the hub's receipt, not the sender's date").isEqualTo(NOW);
    }

    @Test
    void enteredInErrorStatusIsRead() {
        var consent = consentFor("9990000018").setStatus(Consent.ConsentState.ENTEREDINERROR);

        var parsed = FhirConsents.read(consent, List.of(new SubjectIdentifier(JunctionSystems.NHS_NUMBER, "9990000018")),
                UUID.randomUUID(), NOW);

        assertThat(parsed.record().status()).isEqualTo(ConsentRecord.Status.ENTERED_IN_ERROR);
    }

    @Test
    void permitTheHubCannotReadInFullIsRefusedRatherThanWidened() {
        var consent = consentFor("9990000018");
        consent.getProvision().addActor().setReference(new Reference().setDisplay("a named worker"));
        consent.getProvision().addPurpose().setDisplay("uncoded purpose");
        consent.getProvision().addProvision().setType(Consent.ConsentProvisionType.DENY);

        assertThatThrownBy(() -> FhirConsents.read(consent, FhirConsents.patientIdentifiers(consent), UUID.randomUUID(), NOW))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .extracting(v -> v.field())
                        .containsExactlyInAnyOrder("Consent.provision.actor[0]", "Consent.provision.purpose[0]",
                                "Consent.provision.provision"));
    }

    @Test
    void futureDatedConsentIsRefused() {
        var consent = consentFor("9990000018");
        consent.setDateTime(Date.from(NOW.plusSeconds(3600)));

        assertThatThrownBy(() -> FhirConsents.read(consent, FhirConsents.patientIdentifiers(consent), UUID.randomUUID(), NOW))
                .hasMessageContaining("Consent.dateTime");
    }

    @Test
    void embeddedConsentNeedsNoPatientIdentifier() {
        var consent = new Consent().setStatus(Consent.ConsentState.ACTIVE);
        consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);

        var parsed = FhirConsents.readEmbedded(consent, List.of(), UUID.randomUUID(), NOW, false);

        assertThat(parsed.record().provision()).isEqualTo(ConsentRecord.Provision.PERMIT);
    }

    @Test
    void embeddedWithdrawalIsARefusalInForce() {
        var consent = new Consent().setStatus(Consent.ConsentState.INACTIVE);
        consent.getProvision().setType(Consent.ConsentProvisionType.DENY);

        var parsed = FhirConsents.readEmbedded(consent, List.of(), UUID.randomUUID(), NOW, true);

        assertThat(parsed.record().status()).isEqualTo(ConsentRecord.Status.ACTIVE);
        assertThat(parsed.record().provision()).isEqualTo(ConsentRecord.Provision.DENY);
        assertThat(ConsentCheck.evaluate(List.of(parsed.record()), "gp", "PATSFTY", NOW.plusSeconds(1)))
                .isEqualTo(ConsentOutcome.CONSENT_REFUSED);
    }

    private static Consent consentFor(String nhsNumber) {
        var consent = new Consent().setStatus(Consent.ConsentState.ACTIVE);
        consent.setPatient(new Reference().setIdentifier(
                new Identifier().setSystem(JunctionSystems.NHS_NUMBER).setValue(nhsNumber)));
        consent.getProvision().setType(Consent.ConsentProvisionType.PERMIT);
        return consent;
    }
}
