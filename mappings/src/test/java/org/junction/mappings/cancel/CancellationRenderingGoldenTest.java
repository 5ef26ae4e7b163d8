package org.junction.mappings.cancel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.council.CouncilReferralCsvRenderer;
import org.junction.mappings.council.CouncilReferralJsonRenderer;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.bars.Bars;
import org.junction.mappings.fhir.bars.BarsBundleRenderer;
import org.junction.mappings.fhir.validation.SharedValidators;
import org.junction.mappings.mash.MashReferralJsonRenderer;
import org.junction.mappings.schema.JsonSchemas;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junction.mappings.volunteer.VolunteerStepdownJsonMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every outbound format's cancellation notice, for each cause, against a recorded file under
 * {@code fixtures/cancellations/<format>/<cause>.<ext>}; the BaRS one also validates against base R4.
 */
class CancellationRenderingGoldenTest {

    static final RenderContext RENDER = new RenderContext("test-recipient", Instant.parse("2026-11-20T10:30:00Z"));
    static final UUID TRACKING = UUID.fromString("5b6f3c1e-2a40-4c1b-9d7e-0f1e2d3c4b5a");
    static final UUID RECALL = UUID.fromString("8d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    static final UUID CORRECTED = UUID.fromString("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d");
    static final Instant REQUESTED = Instant.parse("2026-11-20T10:29:00Z");

    private static final List<OutboundMapper> FORMATS = List.of(new BarsBundleRenderer(),
            new CouncilReferralJsonRenderer(), new CouncilReferralCsvRenderer(), new MashReferralJsonRenderer(),
            new VolunteerStepdownJsonMapper());

    static Cancellation of(Cancellation.Cause cause) {
        return switch (cause) {
            case WITHDRAWAL -> new Cancellation(RECALL, TRACKING, "police-test", "corr-1", cause, "CONSENT_WITHDRAWN",
                    REQUESTED, null);
            case ENTERED_IN_ERROR -> new Cancellation(RECALL, TRACKING, "police-test", "corr-1", cause,
                    "WRONG_PERSON", REQUESTED, null);
            case CORRECTION -> new Cancellation(RECALL, TRACKING, "police-test", null, cause, "CORRECTED", REQUESTED,
                    CORRECTED);
        };
    }

    @TestFactory
    Stream<DynamicTest> everyFormatRendersEveryCauseAsRecorded() {
        return FORMATS.stream().flatMap(format -> Stream.of(Cancellation.Cause.values()).map(cause ->
                DynamicTest.dynamicTest(format.id() + " " + cause, () -> check(format, cause))));
    }

    private void check(OutboundMapper format, Cancellation.Cause cause) throws IOException {
        byte[] rendered = format.renderDispatch(of(cause).toBundle(), RENDER);
        Path dir = Fixtures.ROOT.resolve("cancellations").resolve(format.id());
        if (format.mediaType().startsWith("text/csv")) {
            GoldenFiles.assertText(dir.resolve(cause.name().toLowerCase() + ".csv"),
                    new String(rendered, StandardCharsets.UTF_8));
        } else {
            var document = GoldenFiles.JSON.readTree(rendered);
            GoldenFiles.assertJson(dir.resolve(cause.name().toLowerCase() + ".json"), document);
            if (!(format instanceof BarsBundleRenderer)) {
                assertThat(JsonSchemas.validate("cancellation-json-v1", document)).isEmpty();
            }
        }
    }

    @Test
    void theBarsCancellationRevokesTheSameServiceRequestAndIsValidR4() {
        Bundle message = new BarsBundleRenderer().cancellationBundle(of(Cancellation.Cause.WITHDRAWAL), RENDER);

        MessageHeader header = (MessageHeader) message.getEntry().get(0).getResource();
        ServiceRequest request = (ServiceRequest) message.getEntry().get(1).getResource();
        assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo(Bars.REASON_UPDATE);
        assertThat(header.getDefinition()).isEqualTo(Bars.DEFINITION_CANCELLATION);
        assertThat(header.getFocusFirstRep().getReference()).isEqualTo(message.getEntry().get(1).getFullUrl());
        assertThat(request.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.REVOKED);
        assertThat(request.getIdentifierFirstRep().getValue()).isEqualTo(TRACKING.toString());
        assertThat(SharedValidators.baseR4().validate(message).errors()).isEmpty();

        ServiceRequest inError = (ServiceRequest) new BarsBundleRenderer()
                .cancellationBundle(of(Cancellation.Cause.ENTERED_IN_ERROR), RENDER).getEntry().get(1).getResource();
        assertThat(inError.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ENTEREDINERROR);
    }

    @Test
    void aCancellationSurvivesTheTripThroughTheDispatchQueueAsABundle() {
        for (Cancellation.Cause cause : Cancellation.Cause.values()) {
            Bundle carried = Fhir.parseBundle(Fhir.toJson(of(cause).toBundle()));
            assertThat(Cancellation.from(carried)).contains(of(cause));
        }
    }

    @Test
    void aReasonIsACodeNeverWords() {
        assertThatThrownBy(() -> new Cancellation(RECALL, TRACKING, "police-test", null,
                Cancellation.Cause.WITHDRAWAL, "Ms Smith called to say no", REQUESTED, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Smith");
        assertThatThrownBy(() -> new Cancellation(RECALL, TRACKING, "police-test", null,
                Cancellation.Cause.CORRECTION, "CORRECTED", REQUESTED, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
