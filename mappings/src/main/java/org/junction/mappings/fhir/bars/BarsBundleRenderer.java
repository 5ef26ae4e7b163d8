package org.junction.mappings.fhir.bars;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junction.mappings.fhir.JunctionSystems.NHS_NUMBER;
import static org.junction.mappings.fhir.JunctionSystems.PARTNER_ID;
import static org.junction.mappings.fhir.JunctionSystems.partnerEndpoint;

import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junction.mappings.MappingContext;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.labels.SecurityLabels;

/**
 * Renders a canonical referral as a BaRS-style FHIR R4 message Bundle for a GP or hospital
 * endpoint ({@code $process-message}). The Bundle is the hub's canonical shape, built afresh from
 * the referral's model, with what a BaRS receiver expects on top:
 * <ul>
 *   <li>MessageHeader event {@code servicerequest-request} of the BaRS message-events system,
 *       reason {@code new}, or {@code update} for a cancellation, {@code definition} naming the
 *       hub's MessageDefinition, {@code destination} naming the recipient, {@code source} the hub;</li>
 *   <li>the UK Core profile of every resource (and of the Bundle) in {@code meta.profile}: the
 *       output validates against them with no errors;</li>
 *   <li>a message id of its own per rendering, so an update is a new message about the same
 *       ServiceRequest, whose id stays that of the referral.</li>
 * </ul>
 *
 * <p>A referral whose subject has withdrawn consent is a cancellation (domain lifecycle: consent
 * withdrawn means CANCELLED): the ServiceRequest is sent {@code revoked}, reason {@code update},
 * against the cancellation MessageDefinition, and the message is stripped back to what the
 * receiver needs to find the referral it holds: references, type, concerns (they set the security
 * labels), the subject's NHS number, name and birth date, and the withdrawn consent. Someone who
 * has withdrawn consent must not have their story sent once more.
 *
 * <p>Police-only identifiers of the subject (nominal ids) are not sent: a health recipient cannot
 * use them and has no need of them; the NHS number and the referral's references are kept.
 */
public final class BarsBundleRenderer implements OutboundMapper {

    public static final String ID = Bars.MAPPER_ID;
    public static final String MEDIA_TYPE = "application/fhir+json";

    private static final String WITHDRAWN = "WITHDRAWN";
    /** Why a referral was recalled: the hub's reason code (CONSENT_WITHDRAWN, ENTERED_IN_ERROR, CORRECTED). */
    public static final String RECALL_REASON_EXTENSION =
            org.junction.mappings.fhir.JunctionSystems.BASE + "/StructureDefinition/recall-reason";
    public static final String RECALL_REASON = org.junction.mappings.fhir.JunctionSystems.BASE + "/CodeSystem/recall-reason";
    /** On a corrected referral's cancellation: the tracking id of the version that replaces it. */
    public static final String REPLACED_BY_EXTENSION =
            org.junction.mappings.fhir.JunctionSystems.BASE + "/StructureDefinition/replaced-by";
    private static final String DATA_ABSENT_REASON = "http://hl7.org/fhir/StructureDefinition/data-absent-reason";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    @Override
    public byte[] render(Referral referral, RenderContext context) {
        return Fhir.toJson(bundle(referral, context)).getBytes(UTF_8);
    }

    /** The message as a HAPI Bundle, for a FHIR client that sends resources rather than bytes. */
    public Bundle bundle(Referral referral, RenderContext context) {
        Objects.requireNonNull(referral, "referral");
        Objects.requireNonNull(context, "context");
        ReferralModel model = forHealthRecipient(referral.model());
        boolean cancellation = isCancellation(model);
        if (cancellation) {
            model = strippedBack(model);
        }
        MappingContext mapping = new MappingContext(referral.trackingId(), referral.senderPartnerId(), null,
                referral.correlationId().orElse(null), context.renderedAt());

        Bundle bundle = ReferralBundles.toBundle(model, mapping);
        String messageId = messageId(referral.trackingId(), context);
        bundle.setId(messageId);
        bundle.getIdentifier().setSystem(Bars.URI_SYSTEM).setValue(Bars.URN_UUID + messageId);

        String receiverUrl = ReferralBundles.fullUrl(mapping, "receiver-organization-" + context.recipientPartnerId());
        Organization receiver = new Organization();
        receiver.setId(receiverUrl.substring(Bars.URN_UUID.length()));
        receiver.addIdentifier().setSystem(PARTNER_ID).setValue(context.recipientPartnerId());
        bundle.addEntry().setFullUrl(receiverUrl).setResource(receiver);

        Bundle.BundleEntryComponent headerEntry = bundle.getEntryFirstRep();
        MessageHeader header = (MessageHeader) headerEntry.getResource();
        String headerId = UUID.nameUUIDFromBytes((messageId + "/message-header").getBytes(UTF_8)).toString();
        header.setId(headerId);
        headerEntry.setFullUrl(Bars.URN_UUID + headerId);
        header.setEvent(new Coding(Bars.MESSAGE_EVENTS, Bars.EVENT_SERVICE_REQUEST_REQUEST, null));
        header.getReason().addCoding(new Coding(Bars.MESSAGE_REASONS,
                cancellation ? Bars.REASON_UPDATE : Bars.REASON_NEW, null));
        header.setDefinition(cancellation ? Bars.DEFINITION_CANCELLATION : Bars.DEFINITION_REQUEST);
        header.getSource().setName(Bars.HUB_NAME).setEndpoint(Bars.HUB_ENDPOINT);
        header.addDestination()
                .setEndpoint(partnerEndpoint(context.recipientPartnerId()))
                .setReceiver(new Reference(receiverUrl));

        if (cancellation) {
            ServiceRequest request = (ServiceRequest) bundle.getEntry().get(1).getResource();
            request.setStatus(ServiceRequest.ServiceRequestStatus.REVOKED);
        }

        bundle.getMeta().addProfile(Bars.ukCoreProfile("Bundle"));
        for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
            Resource resource = entry.getResource();
            resource.getMeta().getProfile().clear();
            resource.getMeta().addProfile(Bars.ukCoreProfile(resource.fhirType()));
        }
        // Again, so the receiver Organization added above carries the referral's labels too.
        SecurityLabels.apply(bundle, model);
        return bundle;
    }

    @Override
    public byte[] renderCancellation(Cancellation cancellation, RenderContext context) {
        return Fhir.toJson(cancellationBundle(cancellation, context)).getBytes(UTF_8);
    }

    /**
     * The BaRS cancellation of a referral the recipient holds: a stripped-back message, reason
     * {@code update} against the cancellation MessageDefinition, whose focus is the same
     * ServiceRequest (same id, same tracking identifier) now {@code revoked}, or
     * {@code entered-in-error} when its sender says it should never have existed. Nothing about the
     * person is sent again: the subject reference is masked (data-absent-reason), since the
     * recipient finds the patient through the ServiceRequest it already holds.
     */
    public Bundle cancellationBundle(Cancellation cancellation, RenderContext context) {
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(context, "context");
        MappingContext mapping = new MappingContext(cancellation.trackingId(), cancellation.senderPartnerId(), null,
                cancellation.correlationId(), context.renderedAt());
        String messageId = UUID.nameUUIDFromBytes((cancellation.recallId() + "/" + context.recipientPartnerId() + "/"
                + context.renderedAt() + "/bars-cancellation").getBytes(UTF_8)).toString();
        Bundle bundle = new Bundle();
        bundle.setId(messageId);
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.getIdentifier().setSystem(Bars.URI_SYSTEM).setValue(Bars.URN_UUID + messageId);
        bundle.setTimestamp(java.util.Date.from(context.renderedAt()));
        bundle.getMeta().addProfile(Bars.ukCoreProfile("Bundle"));

        String requestUrl = ReferralBundles.fullUrl(mapping, "service-request");
        String receiverUrl = ReferralBundles.fullUrl(mapping, "receiver-organization-" + context.recipientPartnerId());
        String headerId = UUID.nameUUIDFromBytes((messageId + "/message-header").getBytes(UTF_8)).toString();

        MessageHeader header = new MessageHeader();
        header.setId(headerId);
        header.setEvent(new Coding(Bars.MESSAGE_EVENTS, Bars.EVENT_SERVICE_REQUEST_REQUEST, null));
        header.getReason().addCoding(new Coding(Bars.MESSAGE_REASONS, Bars.REASON_UPDATE, null));
        header.setDefinition(Bars.DEFINITION_CANCELLATION);
        header.getSource().setName(Bars.HUB_NAME).setEndpoint(Bars.HUB_ENDPOINT);
        header.addDestination().setEndpoint(partnerEndpoint(context.recipientPartnerId()))
                .setReceiver(new Reference(receiverUrl));
        header.addFocus(new Reference(requestUrl));
        add(bundle, Bars.URN_UUID + headerId, header);

        ServiceRequest request = new ServiceRequest();
        request.setId(requestUrl.substring(Bars.URN_UUID.length()));
        request.addIdentifier().setSystem(org.junction.mappings.fhir.JunctionSystems.TRACKING_ID)
                .setValue(cancellation.trackingId().toString());
        if (cancellation.correlationId() != null) {
            request.setRequisition(new org.hl7.fhir.r4.model.Identifier()
                    .setSystem(org.junction.mappings.fhir.JunctionSystems.CORRELATION_ID)
                    .setValue(cancellation.correlationId()));
        }
        request.setStatus(cancellation.cause() == Cancellation.Cause.ENTERED_IN_ERROR
                ? ServiceRequest.ServiceRequestStatus.ENTEREDINERROR : ServiceRequest.ServiceRequestStatus.REVOKED);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.addExtension(RECALL_REASON_EXTENSION, new Coding(RECALL_REASON, cancellation.reasonCode(), null));
        if (cancellation.replacedBy() != null) {
            request.addExtension(REPLACED_BY_EXTENSION, new org.hl7.fhir.r4.model.Identifier()
                    .setSystem(org.junction.mappings.fhir.JunctionSystems.TRACKING_ID)
                    .setValue(cancellation.replacedBy().toString()));
        }
        Reference subject = new Reference();
        subject.addExtension(DATA_ABSENT_REASON, new org.hl7.fhir.r4.model.CodeType("masked"));
        request.setSubject(subject);
        add(bundle, requestUrl, request);

        Organization receiver = new Organization();
        receiver.setId(receiverUrl.substring(Bars.URN_UUID.length()));
        receiver.addIdentifier().setSystem(PARTNER_ID).setValue(context.recipientPartnerId());
        add(bundle, receiverUrl, receiver);
        return bundle;
    }

    /** The hub's code system of reasons a referral was refused. */
    public static final String REJECTION_REASON = org.junction.mappings.fhir.JunctionSystems.BASE
            + "/CodeSystem/rejection-reason";

    @Override
    public byte[] renderRejection(org.junction.mappings.notice.RejectionNotice notice, RenderContext context) {
        return Fhir.toJson(rejectionBundle(notice, context)).getBytes(UTF_8);
    }

    /**
     * The BaRS-style response to a sender whose referral was refused: a message whose header
     * answers the referral ({@code response.code} fatal-error, identifier the hub's tracking id)
     * with an OperationOutcome carrying the reason code, and focuses a Task about the referral in
     * status {@code rejected}. No recipient and no subject: the sender learns why, not who.
     */
    public Bundle rejectionBundle(org.junction.mappings.notice.RejectionNotice notice, RenderContext context) {
        Objects.requireNonNull(notice, "notice");
        Objects.requireNonNull(context, "context");
        String messageId = UUID.nameUUIDFromBytes((notice.noticeId() + "/" + context.recipientPartnerId() + "/"
                + context.renderedAt() + "/bars-rejection").getBytes(UTF_8)).toString();
        Bundle bundle = new Bundle();
        bundle.setId(messageId);
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.getIdentifier().setSystem(Bars.URI_SYSTEM).setValue(Bars.URN_UUID + messageId);
        bundle.setTimestamp(java.util.Date.from(context.renderedAt()));
        bundle.getMeta().addProfile(Bars.ukCoreProfile("Bundle"));

        String headerId = UUID.nameUUIDFromBytes((messageId + "/message-header").getBytes(UTF_8)).toString();
        String outcomeId = UUID.nameUUIDFromBytes((messageId + "/operation-outcome").getBytes(UTF_8)).toString();
        String taskId = UUID.nameUUIDFromBytes((notice.noticeId() + "/task").getBytes(UTF_8)).toString();
        Coding reason = new Coding(REJECTION_REASON, notice.reasonCode(), null);

        MessageHeader header = new MessageHeader();
        header.setId(headerId);
        header.setEvent(new Coding(Bars.MESSAGE_EVENTS, Bars.EVENT_SERVICE_REQUEST_RESPONSE, null));
        header.getSource().setName(Bars.HUB_NAME).setEndpoint(Bars.HUB_ENDPOINT);
        header.addDestination().setEndpoint(partnerEndpoint(context.recipientPartnerId()));
        header.getResponse().setIdentifier(notice.trackingId().toString())
                .setCode(MessageHeader.ResponseType.FATALERROR)
                .setDetails(new Reference(Bars.URN_UUID + outcomeId));
        header.addFocus(new Reference(Bars.URN_UUID + taskId));
        add(bundle, Bars.URN_UUID + headerId, header);

        org.hl7.fhir.r4.model.Task task = new org.hl7.fhir.r4.model.Task();
        task.setId(taskId);
        task.addIdentifier().setSystem(org.junction.mappings.fhir.JunctionSystems.TRACKING_ID)
                .setValue(notice.trackingId().toString());
        if (notice.correlationId() != null) {
            task.setGroupIdentifier(new org.hl7.fhir.r4.model.Identifier()
                    .setSystem(org.junction.mappings.fhir.JunctionSystems.CORRELATION_ID)
                    .setValue(notice.correlationId()));
        }
        task.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.REJECTED);
        task.setIntent(org.hl7.fhir.r4.model.Task.TaskIntent.ORDER);
        task.getStatusReason().addCoding(reason);
        task.setLastModified(java.util.Date.from(notice.decidedAt()));
        add(bundle, Bars.URN_UUID + taskId, task);

        org.hl7.fhir.r4.model.OperationOutcome outcome = new org.hl7.fhir.r4.model.OperationOutcome();
        outcome.setId(outcomeId);
        outcome.addIssue().setSeverity(org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity.ERROR)
                .setCode(org.hl7.fhir.r4.model.OperationOutcome.IssueType.PROCESSING)
                .getDetails().addCoding(reason.copy());
        add(bundle, Bars.URN_UUID + outcomeId, outcome);
        return bundle;
    }

    /** The hub's code system of outcome codes recipients report. */
    public static final String OUTCOME_CODE = org.junction.mappings.fhir.JunctionSystems.BASE
            + "/CodeSystem/referral-outcome";

    @Override
    public byte[] renderFeedback(org.junction.mappings.notice.FeedbackNotice notice, RenderContext context) {
        return Fhir.toJson(feedbackBundle(notice, context)).getBytes(UTF_8);
    }

    /**
     * A recipient's feedback forwarded to the referral's sender: a response message focusing a Task
     * about the referral in the status the recipient reported, the hub's outcome code as its
     * status reason, and the recipient's words as notes only when they were allowed through.
     */
    public Bundle feedbackBundle(org.junction.mappings.notice.FeedbackNotice notice, RenderContext context) {
        Objects.requireNonNull(notice, "notice");
        Objects.requireNonNull(context, "context");
        String messageId = UUID.nameUUIDFromBytes((notice.noticeId() + "/" + context.recipientPartnerId() + "/"
                + context.renderedAt() + "/bars-feedback").getBytes(UTF_8)).toString();
        Bundle bundle = new Bundle();
        bundle.setId(messageId);
        bundle.setType(Bundle.BundleType.MESSAGE);
        bundle.getIdentifier().setSystem(Bars.URI_SYSTEM).setValue(Bars.URN_UUID + messageId);
        bundle.setTimestamp(java.util.Date.from(context.renderedAt()));
        bundle.getMeta().addProfile(Bars.ukCoreProfile("Bundle"));
        String headerId = UUID.nameUUIDFromBytes((messageId + "/message-header").getBytes(UTF_8)).toString();
        String taskId = UUID.nameUUIDFromBytes((notice.noticeId() + "/task").getBytes(UTF_8)).toString();

        MessageHeader header = new MessageHeader();
        header.setId(headerId);
        header.setEvent(new Coding(Bars.MESSAGE_EVENTS, Bars.EVENT_SERVICE_REQUEST_RESPONSE, null));
        header.getSource().setName(Bars.HUB_NAME).setEndpoint(Bars.HUB_ENDPOINT);
        header.addDestination().setEndpoint(partnerEndpoint(context.recipientPartnerId()));
        header.getResponse().setIdentifier(notice.trackingId().toString()).setCode(MessageHeader.ResponseType.OK);
        header.addFocus(new Reference(Bars.URN_UUID + taskId));
        add(bundle, Bars.URN_UUID + headerId, header);

        org.hl7.fhir.r4.model.Task task = new org.hl7.fhir.r4.model.Task();
        task.setId(taskId);
        task.addIdentifier().setSystem(org.junction.mappings.fhir.JunctionSystems.TRACKING_ID)
                .setValue(notice.trackingId().toString());
        if (notice.correlationId() != null) {
            task.setGroupIdentifier(new org.hl7.fhir.r4.model.Identifier()
                    .setSystem(org.junction.mappings.fhir.JunctionSystems.CORRELATION_ID)
                    .setValue(notice.correlationId()));
        }
        task.setStatus(org.hl7.fhir.r4.model.Task.TaskStatus.fromCode(notice.status()));
        task.setIntent(org.hl7.fhir.r4.model.Task.TaskIntent.ORDER);
        task.getStatusReason().addCoding(new Coding(OUTCOME_CODE, notice.outcomeCode(), null));
        if (notice.decidedAt() != null) {
            task.setLastModified(java.util.Date.from(notice.decidedAt()));
        }
        if (notice.reason() != null) {
            task.addNote().setText(notice.reason());
        }
        if (notice.nextSteps() != null) {
            task.addNote().setText(notice.nextSteps());
        }
        add(bundle, Bars.URN_UUID + taskId, task);
        return bundle;
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        resource.getMeta().addProfile(Bars.ukCoreProfile(resource.fhirType()));
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    }

    static boolean isCancellation(ReferralModel model) {
        return WITHDRAWN.equals(model.consent().status());
    }

    // A fresh id per message: BaRS receivers refuse a second message with an id they have processed.
    private static String messageId(UUID trackingId, RenderContext context) {
        String seed = trackingId + "/" + context.recipientPartnerId() + "/" + context.renderedAt() + "/bars-message";
        return UUID.nameUUIDFromBytes(seed.getBytes(UTF_8)).toString();
    }

    private static ReferralModel strippedBack(ReferralModel model) {
        ReferralModel.Subject subject = model.subject();
        ReferralModel.Name name = subject.name() == null ? null
                : new ReferralModel.Name(subject.name().given(), subject.name().family(), List.of());
        ReferralModel.Subject kept = new ReferralModel.Subject(subject.identifiers(), subject.nhsNumberVerification(),
                name, subject.birthDate(), subject.birthDateApproximate(), null, List.of(), List.of(), null, false,
                null, null);
        ReferralModel.ConsentSummary consent = new ReferralModel.ConsentSummary(model.consent().status(), null,
                model.consent().recordedAt());
        return new ReferralModel(model.sourceRef(), model.incidentRef(), model.referralType(), model.referralKind(),
                model.purpose(), null, kept, List.of(), model.concerns(), null, null, null, null, null, null,
                consent, model.classification(), model.restrictedDisclosure(), List.of());
    }

    private static ReferralModel forHealthRecipient(ReferralModel model) {
        ReferralModel.Subject subject = model.subject();
        ReferralModel.Subject kept = new ReferralModel.Subject(
                subject.identifiers().stream().filter(id -> NHS_NUMBER.equals(id.system())).toList(),
                subject.nhsNumberVerification(), subject.name(), subject.birthDate(), subject.birthDateApproximate(),
                subject.gender(), subject.addresses(), subject.contacts(), subject.language(),
                subject.interpreterRequired(), subject.communicationNeeds(), subject.gpOdsCode());
        return new ReferralModel(model.sourceRef(), model.incidentRef(), model.referralType(), model.referralKind(),
                model.purpose(), model.priority(), kept, model.relatedPersons(), model.concerns(), model.narrative(),
                model.occurredAt(), model.requestedAction(), model.risk(), model.requester(), model.supervisor(),
                model.consent(), model.classification(), model.restrictedDisclosure(), model.needs());
    }
}
