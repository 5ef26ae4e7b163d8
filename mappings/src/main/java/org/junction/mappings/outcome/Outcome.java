package org.junction.mappings.outcome;

import static org.junction.mappings.fhir.JunctionSystems.*;

import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.Task;
import org.junction.mappings.fhir.BundleReferences;

/**
 * Typed view over a canonical outcome message (see {@link OutcomeBundles} for its shape), so the
 * code that records outcomes against referrals asks questions instead of walking entries.
 *
 * <p>{@link #of(Bundle)} checks the structure the accessors rely on. The view never changes the
 * Bundle; the resources it hands out are the Bundle's own and must be treated as read-only.
 */
public final class Outcome {

    private final Bundle bundle;
    private final BundleReferences references;
    private final MessageHeader header;
    private final Task task;
    private final UUID trackingId;
    private final String senderPartnerId;
    private final OutcomeModel model;

    private Outcome(Bundle bundle) {
        this.bundle = bundle;
        this.references = BundleReferences.of(bundle);
        if (bundle.getType() != Bundle.BundleType.MESSAGE) {
            throw refused("Bundle.type is not message");
        }
        if (!bundle.hasEntry() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader first)) {
            throw refused("the first entry is not a MessageHeader");
        }
        this.header = first;
        Coding event = header.hasEventCoding() ? header.getEventCoding() : null;
        if (event == null || !MESSAGE_EVENT.equals(event.getSystem())
                || !OutcomeBundles.EVENT_REFERRAL_OUTCOME.equals(event.getCode())) {
            throw refused("MessageHeader.eventCoding is not " + OutcomeBundles.EVENT_REFERRAL_OUTCOME);
        }
        this.task = header.getFocus().stream()
                .map(this::resolve)
                .filter(Task.class::isInstance)
                .map(Task.class::cast)
                .findFirst()
                .orElseThrow(() -> refused("MessageHeader.focus does not resolve to a Task in the bundle"));
        this.trackingId = uuid(bundle.getIdentifier(), "Bundle.identifier (tracking id)");
        String endpoint = header.getSource().getEndpoint();
        if (endpoint == null || !endpoint.startsWith(PARTNER_ENDPOINT_PREFIX)
                || endpoint.length() == PARTNER_ENDPOINT_PREFIX.length()) {
            throw refused("MessageHeader.source.endpoint does not name a partner");
        }
        this.senderPartnerId = endpoint.substring(PARTNER_ENDPOINT_PREFIX.length());
        this.model = readModel();
    }

    /**
     * @throws IllegalArgumentException naming the structural problem when the Bundle is not a
     *                                  canonical outcome message
     */
    public static Outcome of(Bundle bundle) {
        Objects.requireNonNull(bundle, "bundle");
        return new Outcome(bundle);
    }

    /** The outcome as plain values. */
    public OutcomeModel model() {
        return model;
    }

    /** The hub's tracking id of this outcome message (not of the referral it is about). */
    public UUID trackingId() {
        return trackingId;
    }

    /** The partner that sent the outcome. */
    public String senderPartnerId() {
        return senderPartnerId;
    }

    public Bundle bundle() {
        return bundle;
    }

    public MessageHeader messageHeader() {
        return header;
    }

    public Task task() {
        return task;
    }

    private OutcomeModel readModel() {
        UUID referralTrackingId = null;
        String referralSourceRef = null;
        for (Reference basedOn : task.getBasedOn()) {
            Identifier id = basedOn.getIdentifier();
            if (TRACKING_ID.equals(id.getSystem()) && id.hasValue() && referralTrackingId == null) {
                referralTrackingId = uuid(id, "Task.basedOn (referral tracking id)");
            } else if (SOURCE_REF.equals(id.getSystem()) && id.hasValue() && referralSourceRef == null) {
                referralSourceRef = id.getValue();
            }
        }
        if (referralTrackingId == null && referralSourceRef == null) {
            throw refused("Task.basedOn names no referral by tracking id or source reference");
        }
        String outcomeCode = task.getBusinessStatus().getCoding().stream()
                .filter(c -> OutcomeBundles.REFERRAL_OUTCOME_SYSTEM.equals(c.getSystem()) && c.hasCode())
                .map(Coding::getCode)
                .findFirst()
                .orElseThrow(() -> refused("Task.businessStatus has no referral outcome code"));
        if (!task.hasStatus()) {
            throw refused("Task.status is missing");
        }
        String decidedByRole = resolve(task.getOwner()) instanceof PractitionerRole role && role.hasCode()
                ? role.getCodeFirstRep().getText()
                : null;
        String nextSteps = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Communication.class::isInstance)
                .map(Communication.class::cast)
                .filter(c -> c.getPartOf().stream().anyMatch(p -> resolve(p) == task))
                .flatMap(c -> c.getPayload().stream())
                .filter(p -> p.hasContentStringType())
                .map(p -> p.getContentStringType().getValue())
                .findFirst()
                .orElse(null);
        try {
            return new OutcomeModel(
                    referralTrackingId,
                    referralSourceRef,
                    outcomeCode,
                    task.getStatus().toCode(),
                    task.hasLastModified() ? task.getLastModified().toInstant() : null,
                    decidedByRole,
                    task.getStatusReason().getText(),
                    nextSteps);
        } catch (IllegalArgumentException e) {
            throw refused("the Task does not hold a valid outcome (" + e.getMessage() + ")");
        }
    }

    private Resource resolve(Reference reference) {
        return references.resolve(reference);
    }


    private static UUID uuid(Identifier identifier, String what) {
        if (!TRACKING_ID.equals(identifier.getSystem()) || !identifier.hasValue()) {
            throw refused(what + " is not a tracking id");
        }
        try {
            return UUID.fromString(identifier.getValue());
        } catch (IllegalArgumentException e) {
            throw refused(what + " is not a UUID");
        }
    }

    private static IllegalArgumentException refused(String problem) {
        return new IllegalArgumentException("not a canonical outcome Bundle: " + problem);
    }

    @Override
    public String toString() {
        return "Outcome[trackingId=" + trackingId + ", sender=" + senderPartnerId + ", outcome=" + model.outcomeCode() + "]";
    }
}
