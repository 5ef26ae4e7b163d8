package org.junction.mappings.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.Violation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FhirValidatorTest {

    private static final String UK_CORE_PATIENT = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";
    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
    private static final String PATIENT_URL = "urn:uuid:6a1c9f0e-1111-4a2b-9c3d-000000000001";
    private static final String REQUEST_URL = "urn:uuid:6a1c9f0e-1111-4a2b-9c3d-000000000002";
    private static final String HEADER_URL = "urn:uuid:6a1c9f0e-1111-4a2b-9c3d-000000000003";

    @Test
    void aWellFormedMessageBundlePassesBaseR4() {
        ValidationReport report = SharedValidators.baseR4().validate(messageBundle());

        assertThat(report.valid()).as(report.describe()).isTrue();
    }

    @Test
    void aServiceRequestMissingItsMandatoryStatusAndIntentFails() {
        Bundle bundle = messageBundle();
        ServiceRequest request = (ServiceRequest) bundle.getEntry().get(1).getResource();
        request.setStatus(null);
        request.setIntent(null);

        ValidationReport report = SharedValidators.baseR4().validate(bundle);

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).anySatisfy(i -> {
            assertThat(i.location()).isEqualTo("Bundle.entry[1].resource");
            assertThat(i.message()).contains("ServiceRequest.status");
        });
        assertThat(report.errors()).anySatisfy(i -> assertThat(i.message()).contains("ServiceRequest.intent"));
    }

    @Test
    void aCodeOutsideARequiredBindingFails() {
        Condition condition = new Condition();
        condition.setSubject(new Reference("Patient/example"));
        condition.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "no-such-status", null)));

        ValidationReport report = SharedValidators.baseR4().validate(condition);

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).anySatisfy(i -> assertThat(i.location()).contains("clinicalStatus"));
    }

    @Test
    void violationsNameTheLocationAndNeverTheValidatorsTextWhichMayQuoteValues() {
        Condition condition = new Condition();
        condition.setSubject(new Reference("Patient/example"));
        condition.setClinicalStatus(new CodeableConcept(new Coding(
                "http://terminology.hl7.org/CodeSystem/condition-clinical", "Zoë-secret-value", null)));

        ValidationReport report = SharedValidators.baseR4().validate(condition);

        assertThat(report.toViolations()).isNotEmpty().allSatisfy(v -> {
            assertThat(v.kind()).isEqualTo(Violation.Kind.RULE);
            assertThat(v.reason()).doesNotContain("Zoë");
            assertThat(v.field()).doesNotContain("Zoë");
        });
    }

    @Test
    void aDeclaredUkCoreProfileIsApplied() {
        // Base R4 allows an identifier without a value; UK Core's NHS number slice does not.
        Patient patient = patient();
        patient.getMeta().addProfile(UK_CORE_PATIENT);
        patient.addIdentifier().setSystem(NHS_NUMBER);

        ValidationReport ukCore = SharedValidators.ukCore().validate(patient);
        Patient undeclared = patient.copy();
        undeclared.getMeta().getProfile().clear();
        ValidationReport withoutProfile = SharedValidators.ukCore().validate(undeclared);

        assertThat(ukCore.valid()).as(ukCore.describe()).isFalse();
        assertThat(ukCore.errors()).anySatisfy(i -> assertThat(i.location()).contains("identifier"));
        assertThat(withoutProfile.valid()).as(withoutProfile.describe()).isTrue();
    }

    @Test
    void aResourceMeetingItsDeclaredUkCoreProfilePasses() {
        Patient patient = patient();
        patient.getMeta().addProfile(UK_CORE_PATIENT);
        patient.addIdentifier().setSystem(NHS_NUMBER).setValue("9990000018");

        ValidationReport report = SharedValidators.ukCore().validate(patient);

        assertThat(report.valid()).as(report.describe()).isTrue();
    }

    @Test
    void theUkCorePackageLoadsItsConformanceResources() {
        assertThat(SharedValidators.ukCore().packageResourceCount()).isGreaterThan(300);
    }

    @Test
    void packagesAreReadFromJsonAsWellAsXml(@TempDir Path dir) throws Exception {
        StructureDefinition profile = new StructureDefinition();
        profile.setUrl("https://example.org/StructureDefinition/TestPatient");
        profile.setName("TestPatient");
        profile.setStatus(Enumerations.PublicationStatus.ACTIVE);
        profile.setKind(StructureDefinition.StructureDefinitionKind.RESOURCE);
        profile.setAbstract(false);
        profile.setType("Patient");
        profile.setBaseDefinition("http://hl7.org/fhir/StructureDefinition/Patient");
        profile.setDerivation(StructureDefinition.TypeDerivationRule.CONSTRAINT);
        profile.getDifferential().addElement().setPath("Patient.birthDate").setMin(1).setId("Patient.birthDate");
        Files.createDirectories(dir.resolve("nested"));
        Files.writeString(dir.resolve("nested").resolve("TestPatient.json"), Fhir.toJson(profile));
        Files.writeString(dir.resolve("package.json"), "{\"name\":\"test.package\",\"version\":\"0.0.1\"}");

        FhirValidator validator = FhirValidator.withPackages(dir);
        Patient patient = patient();
        patient.getMeta().addProfile("https://example.org/StructureDefinition/TestPatient");

        assertThat(validator.packageResourceCount()).isEqualTo(1);
        assertThat(validator.validate(patient).errors())
                .anySatisfy(i -> assertThat(i.location()).contains("Patient"));
    }

    private static Patient patient() {
        Patient patient = new Patient();
        patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Ní Bhriain").addGiven("Zoë");
        patient.setGender(Enumerations.AdministrativeGender.FEMALE);
        return patient;
    }

    private static Bundle messageBundle() {
        MessageHeader header = new MessageHeader();
        header.setEvent(new Coding("https://fhir.nhs.uk/CodeSystem/message-events-bars", "servicerequest-request", null));
        header.getSource().setEndpoint("urn:junction:partner:test");
        header.addFocus(new Reference(REQUEST_URL));

        ServiceRequest request = new ServiceRequest();
        request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setSubject(new Reference(PATIENT_URL));

        Bundle bundle = new Bundle();
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.getIdentifier().setSystem("urn:ietf:rfc:3986").setValue("urn:uuid:6a1c9f0e-1111-4a2b-9c3d-000000000000");
        bundle.setTimestampElement(new InstantType("2026-11-20T10:20:00Z"));
        bundle.addEntry().setFullUrl(HEADER_URL).setResource(header);
        bundle.addEntry().setFullUrl(REQUEST_URL).setResource(request);
        bundle.addEntry().setFullUrl(PATIENT_URL).setResource(patient());
        return bundle;
    }
}
