package org.junction.mappings.fhir.bars;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junction.mappings.RenderContext;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.testing.Models;
import org.junit.jupiter.api.Test;

class BarsBundleRendererTest {

    private final BarsBundleRenderer renderer = new BarsBundleRenderer();

    @Test
    void renderingIsDeterministicAndLeavesTheCanonicalBundleUntouched() {
        Bundle canonical = canonical(Models.full());
        String before = Fhir.toJson(canonical);

        byte[] first = renderer.render(Referral.of(canonical), BarsFixtures.RENDER);
        byte[] second = renderer.render(Referral.of(canonical), BarsFixtures.RENDER);

        assertThat(first).isEqualTo(second);
        assertThat(Fhir.toJson(canonical)).isEqualTo(before);
        assertThat(renderer.mediaType()).isEqualTo("application/fhir+json");
        assertThat(renderer.id()).isEqualTo("fhir-bars-r4-v1");
    }

    @Test
    void eachMessageHasItsOwnIdWhileTheServiceRequestKeepsTheReferralsId() {
        Referral referral = Referral.of(canonical(Models.full()));
        Bundle first = renderer.bundle(referral, BarsFixtures.RENDER);
        Bundle later = renderer.bundle(referral, new RenderContext(BarsFixtures.RECIPIENT, Instant.parse("2026-11-22T11:00:00Z")));

        assertThat(later.getId()).isNotEqualTo(first.getId());
        assertThat(later.getEntryFirstRep().getFullUrl()).isNotEqualTo(first.getEntryFirstRep().getFullUrl());
        assertThat(later.getEntry().get(1).getFullUrl()).isEqualTo(first.getEntry().get(1).getFullUrl())
                .isEqualTo(referral.bundle().getEntry().get(1).getFullUrl());
    }

    @Test
    void theMessageHeaderFollowsBarsAndNamesTheRecipientAndTheHub() {
        Bundle message = renderer.bundle(Referral.of(canonical(Models.full())), BarsFixtures.RENDER);
        MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();

        assertThat(message.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
        assertThat(header.getEventCoding().getSystem()).isEqualTo("https://fhir.nhs.uk/CodeSystem/message-events-bars");
        assertThat(header.getEventCoding().getCode()).isEqualTo("servicerequest-request");
        assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo("new");
        assertThat(header.getDefinition()).isEqualTo(Bars.DEFINITION_REQUEST);
        assertThat(header.getSource().getEndpoint()).isEqualTo(Bars.HUB_ENDPOINT);
        assertThat(header.getFocusFirstRep().getReference()).isEqualTo(message.getEntry().get(1).getFullUrl());
        assertThat(message.getEntry().get(1).getResource()).isInstanceOf(ServiceRequest.class);
        assertThat(header.getDestinationFirstRep().getEndpoint()).isEqualTo("urn:junction:partner:" + BarsFixtures.RECIPIENT);
        Organization receiver = (Organization) entry(message, header.getDestinationFirstRep().getReceiver().getReference());
        assertThat(receiver.getIdentifierFirstRep().getValue()).isEqualTo(BarsFixtures.RECIPIENT);
    }

    @Test
    void everyResourceDeclaresItsUkCoreProfileAndCarriesTheReferralsLabels() {
        Bundle message = renderer.bundle(Referral.of(canonical(Models.full())), BarsFixtures.RENDER);

        assertThat(message.getMeta().getProfile()).extracting(p -> p.getValue())
                .containsExactly("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Bundle");
        for (Bundle.BundleEntryComponent entry : message.getEntry()) {
            Resource resource = entry.getResource();
            assertThat(resource.getMeta().getProfile()).extracting(p -> p.getValue())
                    .containsExactly("https://fhir.hl7.org.uk/StructureDefinition/UKCore-" + resource.fhirType());
            assertThat(resource.getMeta().getSecurity()).extracting(Coding::getCode)
                    .containsExactlyElementsOf(message.getMeta().getSecurity().stream().map(Coding::getCode).toList());
        }
        assertThat(message.getMeta().getSecurity()).extracting(Coding::getCode)
                .contains("OFFICIAL-SENSITIVE", "R", "RESTRICTED_DISCLOSURE");
    }

    @Test
    void policeNominalIdsAreNotSentToAHealthRecipient() {
        Bundle message = renderer.bundle(Referral.of(canonical(Models.full())), BarsFixtures.RENDER);
        Patient patient = (Patient) message.getEntry().get(2).getResource();

        assertThat(patient.getIdentifier()).extracting(i -> i.getSystem()).containsExactly(JunctionSystems.NHS_NUMBER);
    }

    @Test
    void withdrawnConsentIsSentAsAStrippedBackCancellation() {
        Bundle message = renderer.bundle(Referral.of(canonical(BarsFixtures.withdrawn())), BarsFixtures.RENDER);
        MessageHeader header = (MessageHeader) message.getEntryFirstRep().getResource();
        ServiceRequest request = (ServiceRequest) message.getEntry().get(1).getResource();
        Patient patient = (Patient) message.getEntry().get(2).getResource();

        assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo("update");
        assertThat(header.getDefinition()).isEqualTo(Bars.DEFINITION_CANCELLATION);
        assertThat(request.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        assertThat(request.getNote()).isEmpty();
        assertThat(request.hasCode()).isFalse();
        assertThat(message.getEntry()).noneMatch(e -> e.getResource() instanceof RelatedPerson);
        assertThat(message.getEntry()).noneMatch(e -> e.getResource() instanceof org.hl7.fhir.r4.model.Observation);
        assertThat(patient.getAddress()).isEmpty();
        assertThat(patient.getTelecom()).isEmpty();
        assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("9990000026");
        assertThat(message.getMeta().getSecurity()).extracting(Coding::getCode).contains("OFFICIAL-SENSITIVE", "SDV");
    }

    private static Bundle canonical(ReferralModel model) {
        return ReferralBundles.toBundle(model, BarsFixtures.COUNCIL);
    }

    private static Resource entry(Bundle bundle, String fullUrl) {
        return bundle.getEntry().stream().filter(e -> fullUrl.equals(e.getFullUrl())).findFirst().orElseThrow().getResource();
    }
}
