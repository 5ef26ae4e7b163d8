package org.junction.mappings.police;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.ResourceType;
import org.junction.mappings.MappingContext;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.testing.Fixtures;
import org.junit.jupiter.api.Test;

class PoliceReferralJsonMapperTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GOOD = "domestic-abuse-consent-given";

    private final PoliceReferralJsonMapper mapper = new PoliceReferralJsonMapper();

    @Test
    void isRegisteredUnderItsFormatId() {
        assertThat(mapper.id()).isEqualTo("police-referral-json-v1");
    }

    @Test
    void exceptionMessageAndViolationsNeverRepeatInputValues() {
        byte[] input = edited(doc -> {
            doc.put("sourceRef", 12345);
            doc.put("referralType", "Zebedee-Quartz");
            doc.put("secretHolder", "Wobblethorpe");
            ObjectNode subject = (ObjectNode) doc.get("subject");
            subject.put("nhsNumber", "999 000 0019");
            subject.put("birthDate", "Marmaduke-1985");
            subject.put("gender", "Quillfeather");
            ((ObjectNode) subject.get("name")).put("family", 4711);
            doc.putArray("concerns").add("DA").add("Snorkelwick");
            doc.put("narrative", "Tiddlesworth ".repeat(2000));
            ((ObjectNode) doc.get("consent")).put("recordedAt", "Grumbleton o'clock");
        });

        MappingException e = catchThrowableOfType(() -> mapper.map(input, Fixtures.CONTEXT), MappingException.class);

        assertThat(e.violations()).hasSizeGreaterThanOrEqualTo(10);
        List<String> said = new ArrayList<>();
        said.add(e.getMessage());
        e.violations().forEach(v -> {
            said.add(v.field());
            said.add(v.reason());
        });
        for (String value : List.of("12345", "Zebedee", "Wobblethorpe", "9990000019", "999 000 0019", "Marmaduke",
                "Quillfeather", "4711", "Snorkelwick", "Tiddlesworth", "Grumbleton")) {
            assertThat(said).noneMatch(text -> text.contains(value));
        }
    }

    @Test
    void anEmptyObjectIsRefusedFieldByFieldAndAConsentWithoutStatusIsOnlyAMissingField() {
        MappingException empty = catchThrowableOfType(() -> mapper.map("{}".getBytes(UTF_8), Fixtures.CONTEXT),
                MappingException.class);
        assertThat(empty.violations()).isNotEmpty()
                .anySatisfy(v -> assertThat(v.field()).isEqualTo("subject"));

        MappingException noStatus = catchThrowableOfType(() -> mapper.map(edited(doc -> ((ObjectNode) doc.get("consent"))
                .remove("status")), Fixtures.CONTEXT), MappingException.class);
        assertThat(noStatus.violations()).anySatisfy(v -> assertThat(v.field()).isEqualTo("consent.status"));
    }

    @Test
    void syntaxErrorReportsOnlyThePositionNotTheSurroundingText() {
        byte[] input = "{\"narrative\": \"Plumtreeview said\" \"x\"}".getBytes(UTF_8);

        MappingException e = catchThrowableOfType(() -> mapper.map(input, Fixtures.CONTEXT), MappingException.class);

        assertThat(e.violations()).singleElement()
                .satisfies(v -> assertThat(v.field()).isEqualTo("$"))
                .satisfies(v -> assertThat(v.kind()).isEqualTo(Violation.Kind.MALFORMED));
        assertThat(e.getMessage()).doesNotContain("Plumtreeview").contains("line 1");
    }

    @Test
    void unexpectedPropertyNamesThatDoNotLookLikeNamesAreNotRepeated() {
        byte[] input = edited(doc -> doc.put("Alex Testperson 9990000018", true));

        MappingException e = catchThrowableOfType(() -> mapper.map(input, Fixtures.CONTEXT), MappingException.class);

        assertThat(e.violations()).containsExactly(
                Violation.malformed("?", "is not part of police-referral-json-v1"));
    }

    @Test
    void anUnknownRecipientKindAndARecipientThatIsNoPartnerIdAreNamed() {
        byte[] input = edited(doc -> {
            doc.put("recipientKind", "WIZARD");
            doc.put("recipientPartner", "Not A Partner");
            doc.put("immediateRiskToLife", "yes");
        });

        MappingException e = catchThrowableOfType(() -> mapper.map(input, Fixtures.CONTEXT), MappingException.class);

        assertThat(e.violations()).extracting(Violation::field)
                .contains("recipientKind", "recipientPartner", "immediateRiskToLife");
        assertThat(e.getMessage()).doesNotContain("WIZARD").doesNotContain("Not A Partner");
    }

    @Test
    void aGpAskedForIsTheHealthKindAndTheRiskToLifeFlagIsKept() {
        byte[] input = edited(doc -> {
            doc.put("recipientKind", "GP");
            doc.put("immediateRiskToLife", true);
        });

        var model = org.junction.mappings.canonical.Referral.of(mapper.map(input, Fixtures.CONTEXT)).model();

        assertThat(model.requestedRecipientKind()).isEqualTo("HEALTH");
        assertThat(model.requestedRecipient()).isNull();
        assertThat(model.immediateRiskToLife()).isTrue();
    }

    @Test
    void duplicateKeysAreMalformed() {
        String good = new String(Fixtures.policeInput(GOOD), UTF_8);
        byte[] input = good.replaceFirst("\\{", "{\"purpose\": \"TREAT\",").getBytes(UTF_8);

        assertThatThrownBy(() -> mapper.map(input, Fixtures.CONTEXT))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .extracting(Violation::field).containsExactly("$"));
    }

    @Test
    void aDocumentThatIsNotAnObjectIsMalformed() {
        for (String text : List.of("", "[]", "\"referral\"", "null")) {
            MappingException e = catchThrowableOfType(() -> mapper.map(text.getBytes(UTF_8), Fixtures.CONTEXT),
                    MappingException.class);
            assertThat(e.violations()).as(text).containsExactly(Violation.malformed("$", "must be a JSON object"));
        }
    }

    @Test
    void narrativeOfExactlyTheLimitIsAcceptedAndOneMoreCharacterBreaksARule() {
        int limit = 20_000;
        mapper.map(edited(doc -> doc.put("narrative", "n".repeat(limit))), Fixtures.CONTEXT);

        assertThatThrownBy(() -> mapper.map(edited(doc -> doc.put("narrative", "n".repeat(limit + 1))), Fixtures.CONTEXT))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.rule("narrative", "is too large")));
    }

    @Test
    void birthDateIsJudgedAgainstTheReceivedDateNotTheClock() {
        byte[] bornOnReceipt = edited(doc -> ((ObjectNode) doc.get("subject")).put("birthDate", "2026-11-20"));
        byte[] bornNextDay = edited(doc -> ((ObjectNode) doc.get("subject")).put("birthDate", "2026-11-21"));

        mapper.map(bornOnReceipt, Fixtures.CONTEXT);
        assertThatThrownBy(() -> mapper.map(bornNextDay, Fixtures.CONTEXT))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.rule("subject.birthDate", "must not be in the future")));
    }

    @Test
    void consentStatusWithoutADecisionWritesNoConsentResourceEvenWithATime() {
        byte[] input = edited(doc -> ((ObjectNode) doc.get("consent")).put("status", "UNABLE").put("reason", "lacked capacity"));

        Bundle bundle = mapper.map(input, Fixtures.CONTEXT);

        assertThat(bundle.getEntry()).noneMatch(e -> e.getResource() instanceof Consent);
    }

    @Test
    void entriesComeInAFixedOrderWithMessageHeaderFirst() {
        Bundle bundle = Fixtures.mapPolice(GOOD);

        assertThat(bundle.getEntry()).extracting(e -> e.getResource().getResourceType()).containsExactly(
                ResourceType.MessageHeader, ResourceType.ServiceRequest, ResourceType.Patient,
                ResourceType.Organization, ResourceType.Practitioner, ResourceType.PractitionerRole,
                ResourceType.Observation, ResourceType.Consent);
    }

    @Test
    void resourceIdsAreDerivedFromTheTrackingIdAndRole() {
        Bundle bundle = Fixtures.mapPolice(GOOD);
        UUID expected = UUID.nameUUIDFromBytes((Fixtures.CONTEXT.trackingId() + "/message-header").getBytes(UTF_8));

        Bundle.BundleEntryComponent header = bundle.getEntryFirstRep();
        assertThat(header.getFullUrl()).isEqualTo("urn:uuid:" + expected);
        assertThat(header.getResource().getIdElement().getIdPart()).isEqualTo(expected.toString());
        assertThat(bundle.getEntry()).extracting(Bundle.BundleEntryComponent::getFullUrl).doesNotHaveDuplicates();
    }

    @Test
    void anotherTrackingIdGivesOtherResourceIds() {
        MappingContext other = new MappingContext(UUID.fromString("00000000-0000-4000-8000-000000000001"),
                Fixtures.CONTEXT.senderPartnerId(), null, null, Fixtures.CONTEXT.receivedAt());

        Bundle first = Fixtures.mapPolice(GOOD);
        Bundle second = mapper.map(Fixtures.policeInput(GOOD), other);

        for (int i = 0; i < first.getEntry().size(); i++) {
            assertThat(second.getEntry().get(i).getFullUrl()).isNotEqualTo(first.getEntry().get(i).getFullUrl());
        }
        assertThat(second.getEntry().get(1).getResource()).isInstanceOfSatisfying(
                org.hl7.fhir.r4.model.ServiceRequest.class, sr -> assertThat(sr.hasRequisition()).isFalse());
    }

    @Test
    void sameInputAndContextAlwaysGiveTheSameJson() {
        assertThat(Fhir.toJson(Fixtures.mapPolice(GOOD))).isEqualTo(Fhir.toJson(Fixtures.mapPolice(GOOD)));
    }

    @Test
    void timesAreWrittenInUtcToTheMillisecond() {
        MappingContext nanos = new MappingContext(Fixtures.CONTEXT.trackingId(), "test-police", null, null,
                Instant.parse("2026-11-20T10:20:00.123456789Z"));

        Bundle bundle = mapper.map(Fixtures.policeInput(GOOD), nanos);

        assertThat(bundle.getTimestampElement().getValueAsString()).isEqualTo("2026-11-20T10:20:00.123Z");
        assertThat(bundle.getMeta().getLastUpdatedElement().getValueAsString()).isEqualTo("2026-11-20T10:20:00.123Z");
    }

    @Test
    void leavesTheInputBytesUntouched() {
        byte[] input = Fixtures.policeInput(GOOD);
        byte[] copy = input.clone();

        mapper.map(input, Fixtures.CONTEXT);

        assertThat(input).isEqualTo(copy);
    }

    @Test
    void mappingTheSameInputFromSeveralThreadsGivesIdenticalOutput() throws Exception {
        byte[] input = Fixtures.policeInput(GOOD);
        String expected = Fhir.toJson(mapper.map(input, Fixtures.CONTEXT));
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<String>> task = () -> {
                    start.await();
                    List<String> outputs = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        outputs.add(Fhir.toJson(mapper.map(input, Fixtures.CONTEXT)));
                    }
                    return outputs;
                };
                results.add(pool.submit(task));
            }
            start.countDown();
            for (Future<List<String>> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).allMatch(expected::equals);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] edited(Consumer<ObjectNode> edit) {
        try {
            ObjectNode doc = (ObjectNode) JSON.readTree(Fixtures.policeInput(GOOD));
            edit.accept(doc);
            return JSON.writeValueAsBytes(doc);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
