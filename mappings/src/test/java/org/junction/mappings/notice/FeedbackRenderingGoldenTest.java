package org.junction.mappings.notice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.hl7.fhir.r4.model.Bundle;
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

/** Feedback forwarded to a sender, in every outbound format, with and without the recipient's words. */
class FeedbackRenderingGoldenTest {

    static final RenderContext RENDER = new RenderContext("police-test", Instant.parse("2026-11-20T10:30:00Z"));
    static final FeedbackNotice WITH_WORDS = new FeedbackNotice(
            UUID.fromString("3d4e5f6a-7b8c-4d9e-8f0a-1b2c3d4e5f6a"),
            UUID.fromString("5b6f3c1e-2a40-4c1b-9d7e-0f1e2d3c4b5a"), "police-test", "corr-1", "rejected",
            "NOT_ELIGIBLE", Instant.parse("2026-11-20T10:00:00Z"), "Family already supported by another team",
            "Refer to the early help hub");

    private static final List<OutboundMapper> FORMATS = List.of(new BarsBundleRenderer(),
            new CouncilReferralJsonRenderer(), new CouncilReferralCsvRenderer(), new MashReferralJsonRenderer(),
            new VolunteerStepdownJsonMapper());

    @TestFactory
    Stream<DynamicTest> everyFormatRendersFeedbackAsRecorded() {
        return FORMATS.stream().flatMap(format -> Stream.of(
                DynamicTest.dynamicTest(format.id() + " free-text", () -> check(format, WITH_WORDS, "free-text")),
                DynamicTest.dynamicTest(format.id() + " status-only",
                        () -> check(format, WITH_WORDS.statusOnly(), "status-only"))));
    }

    private void check(OutboundMapper format, FeedbackNotice notice, String name) throws IOException {
        byte[] rendered = format.renderDispatch(notice.toBundle(), RENDER);
        String text = new String(rendered, StandardCharsets.UTF_8);
        if (notice.reason() == null) {
            assertThat(text).doesNotContain("another team", "early help hub");
        } else {
            assertThat(text).contains("another team");
        }
        Path dir = Fixtures.ROOT.resolve("feedback-notices").resolve(format.id());
        if (format.mediaType().startsWith("text/csv")) {
            GoldenFiles.assertText(dir.resolve(name + ".csv"), text);
        } else {
            GoldenFiles.assertJson(dir.resolve(name + ".json"), GoldenFiles.JSON.readTree(rendered));
        }
    }

    @Test
    void theBarsFeedbackIsATaskInTheReportedStatusAndValidR4() {
        Bundle message = new BarsBundleRenderer().feedbackBundle(WITH_WORDS, RENDER);
        Task task = (Task) message.getEntry().get(1).getResource();
        assertThat(task.getStatus()).isEqualTo(Task.TaskStatus.REJECTED);
        assertThat(task.getStatusReason().getCodingFirstRep().getCode()).isEqualTo("NOT_ELIGIBLE");
        assertThat(task.getNote()).hasSize(2);
        assertThat(SharedValidators.baseR4().validate(message).errors()).isEmpty();
        assertThat(((Task) new BarsBundleRenderer().feedbackBundle(WITH_WORDS.statusOnly(), RENDER).getEntry().get(1)
                .getResource()).getNote()).isEmpty();
    }

    @Test
    void feedbackSurvivesTheDispatchQueueAndIsNeitherARecallNorARejection() {
        Bundle carried = Fhir.parseBundle(Fhir.toJson(WITH_WORDS.toBundle()));
        assertThat(FeedbackNotice.from(carried)).contains(WITH_WORDS);
        assertThat(RejectionNotice.from(carried)).isEmpty();
    }
}
