package org.junction.mappings.notice;

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
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Task;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.council.CouncilReferralCsvRenderer;
import org.junction.mappings.council.CouncilReferralJsonRenderer;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.fhir.bars.BarsBundleRenderer;
import org.junction.mappings.fhir.validation.SharedValidators;
import org.junction.mappings.mash.MashReferralJsonRenderer;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junction.mappings.volunteer.VolunteerStepdownJsonMapper;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every outbound format's rejection notice against a recorded file under
 * {@code fixtures/rejections/<format>/}; the BaRS one also validates against base R4.
 */
class RejectionRenderingGoldenTest {

    static final RenderContext RENDER = new RenderContext("police-test", Instant.parse("2026-11-20T10:30:00Z"));
    static final UUID TRACKING = UUID.fromString("5b6f3c1e-2a40-4c1b-9d7e-0f1e2d3c4b5a");
    static final UUID NOTICE = UUID.fromString("2c3d4e5f-6a7b-4c8d-9e0f-1a2b3c4d5e6f");
    static final Instant DECIDED = Instant.parse("2026-11-20T10:29:00Z");

    static final RejectionNotice NO_ISA = new RejectionNotice(NOTICE, TRACKING, "police-test", "corr-1", 1, "NO_ISA",
            DECIDED);
    // A sender's correlation id is its own text: a CSV must not let it become a formula or a new cell.
    static final RejectionNotice AWKWARD = new RejectionNotice(NOTICE, TRACKING, "police-test", "=SUM(A1),\"x\"", 2,
            "CONSENT_REFUSED", DECIDED);

    private static final List<OutboundMapper> FORMATS = List.of(new BarsBundleRenderer(),
            new CouncilReferralJsonRenderer(), new CouncilReferralCsvRenderer(), new MashReferralJsonRenderer(),
            new VolunteerStepdownJsonMapper());

    @TestFactory
    Stream<DynamicTest> everyFormatRendersTheNoticeAsRecorded() {
        return FORMATS.stream().flatMap(format -> Stream.of(
                DynamicTest.dynamicTest(format.id() + " no-isa", () -> check(format, NO_ISA, "no-isa")),
                DynamicTest.dynamicTest(format.id() + " awkward", () -> check(format, AWKWARD, "awkward"))));
    }

    private void check(OutboundMapper format, RejectionNotice notice, String name) throws IOException {
        byte[] rendered = format.renderDispatch(notice.toBundle(), RENDER);
        Path dir = Fixtures.ROOT.resolve("rejections").resolve(format.id());
        String text = new String(rendered, StandardCharsets.UTF_8);
        assertThat(text).contains(notice.reasonCode()).contains(TRACKING.toString())
                .doesNotContain("test-recipient");
        if (format.mediaType().startsWith("text/csv")) {
            GoldenFiles.assertText(dir.resolve(name + ".csv"), text);
        } else {
            GoldenFiles.assertJson(dir.resolve(name + ".json"), GoldenFiles.JSON.readTree(rendered));
        }
    }

    @Test
    void theBarsNoticeAnswersWithTheReasonAndARejectedTaskAndIsValidR4() {
        Bundle message = new BarsBundleRenderer().rejectionBundle(NO_ISA, RENDER);

        MessageHeader header = (MessageHeader) message.getEntry().get(0).getResource();
        Task task = (Task) message.getEntry().get(1).getResource();
        OperationOutcome outcome = (OperationOutcome) message.getEntry().get(2).getResource();
        assertThat(header.getResponse().getCode()).isEqualTo(MessageHeader.ResponseType.FATALERROR);
        assertThat(header.getResponse().getIdentifier()).isEqualTo(TRACKING.toString());
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
        assertThat(task.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("NO_ISA");
        assertThat(task.getGroupIdentifier().getValue()).isEqualTo("corr-1");
        assertThat(outcome.getIssueFirstRep().getDetails().getCodingFirstRep().getCode()).isEqualTo("NO_ISA");
        assertThat(SharedValidators.baseR4().validate(message).errors()).isEmpty();
    }

    @Test
    void theCsvNoticeDefusesTheSendersOwnText() {
        String csv = new String(new CouncilReferralCsvRenderer().renderRejection(AWKWARD, RENDER),
                StandardCharsets.UTF_8);
        assertThat(csv.split("\r\n")).hasSize(2);
        assertThat(csv).contains(",\"'=SUM(A1),\"\"x\"\"\",");
    }

    @Test
    void aNoticeSurvivesTheTripThroughTheDispatchQueueAndIsNeverTakenForARecall() {
        Bundle carried = Fhir.parseBundle(Fhir.toJson(NO_ISA.toBundle()));
        assertThat(RejectionNotice.from(carried)).contains(NO_ISA);
        assertThat(org.junction.mappings.cancel.Cancellation.from(carried)).isEmpty();
    }

    @Test
    void aReasonIsACodeNeverWords() {
        assertThatThrownBy(() -> new RejectionNotice(NOTICE, TRACKING, "police-test", null, 1,
                "recipient council-a said no", DECIDED)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("council-a");
    }
}
