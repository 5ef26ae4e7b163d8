package org.junction.mappings.fhir.bars;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junction.mappings.RenderContext;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.MappingException;
import org.junit.jupiter.api.Test;

class BarsSenderCancellationTest {

    private static final UUID TRACKING = UUID.fromString("5b6f3c1e-2a40-4c1b-9d7e-0f1e2d3c4b5a");
    private static final RenderContext CONTEXT = new RenderContext("hub", Instant.parse("2026-11-20T10:30:00Z"));

    private static Bundle message(Cancellation.Cause cause, String reason) {
        Bundle bundle = new BarsBundleRenderer().cancellationBundle(new Cancellation(UUID.randomUUID(), TRACKING,
                "hospital-test", "corr-1", cause, reason, CONTEXT.renderedAt(), null), CONTEXT);
        return Fhir.parseBundle(Fhir.toJson(bundle));
    }

    @Test
    void anEnteredInErrorMessageNamesTheReferralAndTheSendersReason() {
        assertThat(BarsSenderCancellation.read(message(Cancellation.Cause.ENTERED_IN_ERROR, "WRONG_PERSON")))
                .contains(new BarsSenderCancellation(TRACKING, "WRONG_PERSON"));
    }

    @Test
    void aRevokedServiceRequestCountsOnlyUnderTheCancellationDefinition() {
        Bundle revoked = message(Cancellation.Cause.WITHDRAWAL, "NO_LONGER_NEEDED");
        assertThat(BarsSenderCancellation.read(revoked)).contains(new BarsSenderCancellation(TRACKING,
                "NO_LONGER_NEEDED"));
        ((org.hl7.fhir.r4.model.MessageHeader) revoked.getEntryFirstRep().getResource())
                .setDefinition(Bars.DEFINITION_REQUEST);
        assertThat(BarsSenderCancellation.read(revoked)).as("a referral update: the reader's business").isEmpty();
    }

    @Test
    void withoutTheSendersCodeTheReasonIsTheDefault() {
        Bundle bundle = message(Cancellation.Cause.ENTERED_IN_ERROR, "WRONG_PERSON");
        ServiceRequest request = (ServiceRequest) bundle.getEntry().get(1).getResource();
        request.getExtension().removeIf(e -> e.getUrl().equals(BarsBundleRenderer.RECALL_REASON_EXTENSION));
        assertThat(BarsSenderCancellation.read(bundle)).contains(new BarsSenderCancellation(TRACKING,
                BarsSenderCancellation.DEFAULT_ENTERED_IN_ERROR));
    }

    @Test
    void aCancellationThatNamesNoReferralOrGivesWordsIsRefusedNamingTheField() {
        Bundle bundle = message(Cancellation.Cause.ENTERED_IN_ERROR, "WRONG_PERSON");
        ServiceRequest request = (ServiceRequest) bundle.getEntry().get(1).getResource();
        request.getIdentifier().clear();
        assertThatThrownBy(() -> BarsSenderCancellation.read(bundle)).isInstanceOf(MappingException.class)
                .satisfies(e -> assertThat(((MappingException) e).violations())
                        .anyMatch(v -> v.field().equals("ServiceRequest.identifier")));

        Bundle words = message(Cancellation.Cause.ENTERED_IN_ERROR, "WRONG_PERSON");
        ((ServiceRequest) words.getEntry().get(1).getResource())
                .getExtensionByUrl(BarsBundleRenderer.RECALL_REASON_EXTENSION)
                .setValue(new org.hl7.fhir.r4.model.Coding(null, "sent for the wrong Ms Smith", null));
        assertThatThrownBy(() -> BarsSenderCancellation.read(words)).isInstanceOf(MappingException.class)
                .hasMessageNotContaining("Smith");
    }

    @Test
    void aReferralIsNotACancellation() {
        Bundle referral = new Bundle().setType(Bundle.BundleType.COLLECTION);
        assertThat(BarsSenderCancellation.read(referral)).isEmpty();
    }
}
