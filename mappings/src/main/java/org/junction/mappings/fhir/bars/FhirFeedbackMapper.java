package org.junction.mappings.fhir.bars;

import static org.junction.mappings.fhir.JunctionSystems.SOURCE_REF;
import static org.junction.mappings.fhir.JunctionSystems.TRACKING_ID;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junction.mappings.InboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.outcome.OutcomeBundles;
import org.junction.mappings.outcome.OutcomeModel;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * Maps status feedback from a FHIR recipient (GP, hospital, any partner that answers in FHIR R4)
 * about a referral the hub delivered into the canonical outcome message
 * ({@link OutcomeBundles#toBundle}). Accepted inputs, JSON or XML:
 * <ul>
 *   <li>a {@code Task}: {@code status} (received, accepted, rejected, in-progress, completed,
 *       cancelled, and ready, on-hold, failed), {@code businessStatus}, {@code statusReason},
 *       {@code basedOn} (or {@code focus}) naming the ServiceRequest by the hub's tracking id or
 *       the referrer's reference, {@code lastModified}, {@code owner} (a PractitionerRole);</li>
 *   <li>a {@code Communication} on its own: free-text feedback, outcome {@value #FEEDBACK}, with
 *       the Task status {@code received}, the one state a recipient that writes back is sure to be in;</li>
 *   <li>a message Bundle (MessageHeader first) whose focus is one of those; Communications in it
 *       add their text, and a PractitionerRole it holds names the deciding role.</li>
 * </ul>
 * The outcome code is the hub code in {@code businessStatus} (system {@value OutcomeBundles#REFERRAL_OUTCOME_SYSTEM},
 * ConceptMap {@value #OUTCOME_MAP}), else the Task status translated by {@value #STATUS_MAP}.
 * Pure and thread-safe; violations are named by FHIR path and never quote the input.
 */
public final class FhirFeedbackMapper implements InboundMapper {

    public static final String ID = "fhir-feedback-r4-v1";
    /** Outcome of a Communication that carries text and no decision. */
    public static final String FEEDBACK = "FEEDBACK";
    static final String STATUS_MAP = "fhir-task-status-outcome";
    static final String OUTCOME_MAP = "fhir-feedback-outcome";
    static final int SHORT_TEXT_MAX = 200;
    static final int LONG_TEXT_MAX = 10_000;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public Bundle map(byte[] input, MappingContext ctx) throws MappingException {
        return OutcomeBundles.toBundle(toModel(input, ctx), ctx);
    }

    /** The feedback as plain values, before it becomes the canonical outcome message. */
    public OutcomeModel toModel(byte[] input, MappingContext ctx) {
        Objects.requireNonNull(ctx, "ctx");
        IBaseResource resource = FhirInput.parse(ID, input);
        Reader reader = new Reader(ctx.receivedAt());
        OutcomeModel model;
        if (resource instanceof Task task) {
            model = reader.task(task, "Task", List.of());
        } else if (resource instanceof Communication communication) {
            model = reader.communication(communication, "Communication");
        } else if (resource instanceof Bundle bundle) {
            model = reader.bundle(bundle);
        } else {
            reader.malformed("$", "must be a Task, a Communication or a message Bundle");
            model = null;
        }
        if (!reader.found.isEmpty()) {
            throw new MappingException(ID, reader.found.stream().distinct().toList());
        }
        return model;
    }

    private static final class Reader {

        private final Instant receivedAt;
        private final List<Violation> found = new ArrayList<>();
        private final Map<String, Resource> byReference = new HashMap<>();
        private final Map<Resource, String> pathOf = new IdentityHashMap<>();

        Reader(Instant receivedAt) {
            this.receivedAt = receivedAt;
        }

        OutcomeModel bundle(Bundle bundle) {
            if (bundle.getType() != Bundle.BundleType.MESSAGE) {
                rule("Bundle.type", "must be message");
            }
            for (int i = 0; i < bundle.getEntry().size(); i++) {
                Bundle.BundleEntryComponent entry = bundle.getEntry().get(i);
                Resource resource = entry.getResource();
                if (resource == null) {
                    malformed("Bundle.entry[" + i + "].resource", "is required");
                    continue;
                }
                pathOf.put(resource, "Bundle.entry[" + i + "].resource");
                if (entry.hasFullUrl()) {
                    byReference.putIfAbsent(entry.getFullUrl(), resource);
                }
                if (resource.getIdElement().hasIdPart()) {
                    byReference.putIfAbsent(resource.fhirType() + "/" + resource.getIdElement().getIdPart(), resource);
                }
            }
            if (!bundle.hasEntry() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader header)) {
                malformed("Bundle.entry[0].resource", "must be the MessageHeader");
                return null;
            }
            if (header.getFocus().size() != 1) {
                rule("Bundle.entry[0].resource.focus", "must reference exactly one resource, the Task or the Communication");
                return null;
            }
            Resource focus = resolve(header.getFocusFirstRep());
            List<Communication> communications = bundle.getEntry().stream()
                    .map(Bundle.BundleEntryComponent::getResource)
                    .filter(Communication.class::isInstance)
                    .map(Communication.class::cast)
                    .toList();
            if (focus instanceof Task task) {
                return task(task, pathOf.get(task), communications);
            }
            if (focus instanceof Communication communication) {
                return communication(communication, pathOf.get(communication));
            }
            rule("Bundle.entry[0].resource.focus[0]", "must reference the Task or the Communication in the Bundle");
            return null;
        }

        OutcomeModel task(Task task, String path, List<Communication> communications) {
            Referral referral = referral(concat(task.getBasedOn(), task.hasFocus() ? List.of(task.getFocus()) : List.of()),
                    path + ".basedOn");
            String status = null;
            if (!task.hasStatus()) {
                malformed(path + ".status", "is required");
            } else if (!OutcomeModel.TASK_STATUSES.contains(task.getStatus().toCode())) {
                rule(path + ".status", "is not a status a recipient reports");
            } else {
                status = task.getStatus().toCode();
            }
            String outcome = outcome(task, path, status);
            String reason = longText(path + ".statusReason", text(task.getStatusReason()));
            if ("rejected".equals(status) && reason == null) {
                malformed(path + ".statusReason", "is required when the Task is rejected");
            }
            Instant decidedAt = task.hasLastModified() ? task.getLastModified().toInstant() : null;
            checkNotFuture(path + ".lastModified", decidedAt);
            String role = task.getOwner().hasReference() && resolve(task.getOwner()) instanceof PractitionerRole owner
                    ? role(owner) : null;
            List<String> texts = new ArrayList<>();
            for (Communication communication : communications) {
                texts.addAll(payloads(communication, pathOf.getOrDefault(communication, "Communication")));
            }
            if (texts.isEmpty()) {
                // Without a Communication, the Task's notes, or else the text of its local business
                // status ("awaiting a joint visit"), are what the recipient says happens next.
                for (int i = 0; i < task.getNote().size(); i++) {
                    Annotation note = task.getNote().get(i);
                    String text = longText(path + ".note[" + i + "].text", note.getText());
                    if (text != null) {
                        texts.add(text);
                    }
                }
            }
            if (texts.isEmpty() && task.getBusinessStatus().hasText()) {
                String text = longText(path + ".businessStatus.text", task.getBusinessStatus().getText());
                if (text != null) {
                    texts.add(text);
                }
            }
            return model(referral, outcome, status, decidedAt, role, reason, texts);
        }

        OutcomeModel communication(Communication communication, String path) {
            Referral referral = referral(communication.getBasedOn(), path + ".basedOn");
            List<String> texts = payloads(communication, path);
            if (texts.isEmpty()) {
                malformed(path + ".payload", "needs at least one text payload");
            }
            Instant sent = communication.hasSent() ? communication.getSent().toInstant() : null;
            checkNotFuture(path + ".sent", sent);
            String role = communication.getSender().hasReference()
                    && resolve(communication.getSender()) instanceof PractitionerRole sender ? role(sender) : null;
            return model(referral, FEEDBACK, "received", sent, role, null, texts);
        }

        private OutcomeModel model(Referral referral, String outcome, String status, Instant decidedAt, String role,
                                   String reason, List<String> texts) {
            if (!found.isEmpty() || referral == null || outcome == null || status == null) {
                return null;
            }
            return new OutcomeModel(referral.trackingId(), referral.sourceRef(), outcome, status, decidedAt, role, reason,
                    texts.isEmpty() ? null : String.join("\n\n", texts));
        }

        private String outcome(Task task, String path, String status) {
            Optional<Coding> hub = task.getBusinessStatus().getCoding().stream()
                    .filter(c -> OutcomeBundles.REFERRAL_OUTCOME_SYSTEM.equals(c.getSystem()) && c.hasCode())
                    .findFirst();
            if (hub.isPresent()) {
                Optional<String> code = CodeTables.translate(OUTCOME_MAP, hub.get().getCode());
                if (code.isEmpty()) {
                    rule(path + ".businessStatus", "has no mapping in " + OUTCOME_MAP);
                }
                return code.orElse(null);
            }
            if (status == null) {
                return null;
            }
            Optional<String> code = CodeTables.translate(STATUS_MAP, status);
            if (code.isEmpty()) {
                rule(path + ".status", "has no mapping in " + STATUS_MAP);
            }
            return code.orElse(null);
        }

        private record Referral(UUID trackingId, String sourceRef) {
        }

        private Referral referral(List<Reference> references, String path) {
            UUID trackingId = null;
            String sourceRef = null;
            boolean badTrackingId = false;
            for (int i = 0; i < references.size(); i++) {
                Identifier identifier = references.get(i).getIdentifier();
                if (TRACKING_ID.equals(identifier.getSystem()) && identifier.hasValue() && trackingId == null) {
                    try {
                        trackingId = UUID.fromString(identifier.getValue());
                    } catch (IllegalArgumentException e) {
                        malformed(path + "[" + i + "].identifier.value", "must be a UUID (the hub's tracking id)");
                        badTrackingId = true;
                    }
                } else if (SOURCE_REF.equals(identifier.getSystem()) && identifier.hasValue() && sourceRef == null) {
                    sourceRef = shortText(path + "[" + i + "].identifier.value", identifier.getValue());
                }
            }
            if (trackingId == null && sourceRef == null) {
                if (badTrackingId) {
                    return null;
                }
                malformed(path, "must name the ServiceRequest by the hub's tracking id or the referrer's reference");
                return null;
            }
            return new Referral(trackingId, sourceRef);
        }

        private List<String> payloads(Communication communication, String path) {
            List<String> texts = new ArrayList<>();
            for (int i = 0; i < communication.getPayload().size(); i++) {
                if (communication.getPayload().get(i).getContent() instanceof StringType text) {
                    String value = longText(path + ".payload[" + i + "].contentString", text.getValue());
                    if (value != null) {
                        texts.add(value);
                    }
                }
            }
            return texts;
        }

        // A role, never a name: the hub records who decided by function, not by person.
        private String role(PractitionerRole role) {
            String path = pathOf.getOrDefault(role, "PractitionerRole");
            return role.getCode().stream()
                    .map(Reader::text)
                    .filter(Objects::nonNull)
                    .map(t -> shortText(path + ".code", t))
                    .findFirst()
                    .orElse(null);
        }

        private static String text(CodeableConcept concept) {
            if (concept == null) {
                return null;
            }
            if (concept.hasText()) {
                return concept.getText();
            }
            return concept.getCoding().stream().filter(Coding::hasDisplay).map(Coding::getDisplay).findFirst().orElse(null);
        }

        private Resource resolve(Reference reference) {
            return reference.hasReference() ? byReference.get(reference.getReference()) : null;
        }

        private void checkNotFuture(String path, Instant instant) {
            if (instant != null && instant.isAfter(receivedAt)) {
                rule(path, "must not be in the future");
            }
        }

        private String shortText(String path, String value) {
            return limited(path, value, SHORT_TEXT_MAX);
        }

        private String longText(String path, String value) {
            return limited(path, value, LONG_TEXT_MAX);
        }

        private String limited(String path, String value, int max) {
            if (value == null || value.isBlank()) {
                return null;
            }
            if (value.length() > max) {
                rule(path, "is too long (at most " + max + " characters)");
            }
            return value.strip();
        }

        private static List<Reference> concat(List<Reference> first, List<Reference> second) {
            List<Reference> all = new ArrayList<>(first);
            all.addAll(second);
            return all;
        }

        void malformed(String field, String reason) {
            found.add(Violation.malformed(field, reason));
        }

        void rule(String field, String reason) {
            found.add(Violation.rule(field, reason));
        }
    }
}
