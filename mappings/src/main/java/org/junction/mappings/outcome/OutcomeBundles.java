package org.junction.mappings.outcome;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junction.mappings.fhir.JunctionSystems.*;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Meta;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Task;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralModel.Classification;
import org.junction.mappings.labels.SecurityLabels;

/**
 * Builds the canonical outcome message from an {@link OutcomeModel}: a FHIR R4 message Bundle
 * whose MessageHeader (event {@value #EVENT_REFERRAL_OUTCOME}) focuses a Task about the referral.
 *
 * <pre>
 * Bundle (type message, id and identifier = the context's tracking id of this outcome message)
 *   MessageHeader  event message-event#referral-outcome, source.endpoint = sender partner, focus -> Task
 *   Task           basedOn/focus -> ServiceRequest by identifier (tracking-id and/or source-ref),
 *                  status = taskStatus, intent = order, businessStatus = referral-outcome#outcomeCode,
 *                  statusReason.text = reason, lastModified = decidedAt, owner -> PractitionerRole
 *                  (or the sender Organization when no role is known), groupIdentifier = correlation id
 *   Organization   the sender, by partner id
 *   PractitionerRole  code.text = decidedByRole (a role, never a name), only when known
 *   Communication  partOf -> Task, payload = nextSteps, sent = decidedAt, only when next steps are given
 * </pre>
 *
 * Every resource and the Bundle are labelled OFFICIAL-SENSITIVE / PERSONAL (v3 confidentiality R):
 * an outcome says what became of a safeguarding referral about a named person. Ids and times come
 * from the model and the context only, so the same pair always gives the same Bundle.
 */
public final class OutcomeBundles {

    /** Hub CodeSystem of outcome codes ({@code businessStatus}). Until the hub's system list carries it. */
    public static final String REFERRAL_OUTCOME_SYSTEM = BASE + "/CodeSystem/referral-outcome";
    /** {@code MessageHeader.eventCoding} code, in {@link org.junction.mappings.fhir.JunctionSystems#MESSAGE_EVENT}. */
    public static final String EVENT_REFERRAL_OUTCOME = "referral-outcome";

    static final String URN_UUID = "urn:uuid:";

    private OutcomeBundles() {
    }

    public static Bundle toBundle(OutcomeModel model, MappingContext ctx) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(ctx, "ctx");
        return new Builder(model, ctx).bundle();
    }

    /** The labels every outcome message and each of its resources carry. */
    static List<Coding> labels() {
        return SecurityLabels.labels(Classification.officialSensitivePersonal(), List.of(), null, false);
    }

    private static final class Builder {

        private final OutcomeModel model;
        private final MappingContext ctx;
        private final String headerUrl;
        private final String taskUrl;
        private final String organizationUrl;
        private final String roleUrl;
        private final String communicationUrl;

        Builder(OutcomeModel model, MappingContext ctx) {
            this.model = model;
            this.ctx = ctx;
            this.headerUrl = fullUrl("message-header");
            this.taskUrl = fullUrl("task");
            this.organizationUrl = fullUrl("sender-organization");
            this.roleUrl = model.decidedByRole() == null ? null : fullUrl("decided-by-role");
            this.communicationUrl = model.nextSteps() == null ? null : fullUrl("next-steps");
        }

        Bundle bundle() {
            Bundle bundle = new Bundle();
            bundle.setId(ctx.trackingId().toString());
            bundle.getMeta().setLastUpdatedElement(instant(ctx.receivedAt()));
            bundle.setIdentifier(new Identifier().setSystem(TRACKING_ID).setValue(ctx.trackingId().toString()));
            bundle.setType(Bundle.BundleType.MESSAGE);
            bundle.setTimestampElement(instant(ctx.receivedAt()));
            add(bundle, headerUrl, header());
            add(bundle, taskUrl, task());
            add(bundle, organizationUrl, organization());
            if (roleUrl != null) {
                add(bundle, roleUrl, role());
            }
            if (communicationUrl != null) {
                add(bundle, communicationUrl, communication());
            }
            List<Coding> labels = labels();
            label(bundle.getMeta(), labels);
            bundle.getEntry().forEach(e -> label(e.getResource().getMeta(), labels));
            return bundle;
        }

        private MessageHeader header() {
            MessageHeader header = new MessageHeader();
            header.setEvent(new Coding(MESSAGE_EVENT, EVENT_REFERRAL_OUTCOME, null));
            header.getSource().setEndpoint(partnerEndpoint(ctx.senderPartnerId()));
            header.setSender(new Reference(organizationUrl));
            header.addFocus(new Reference(taskUrl));
            return header;
        }

        private Task task() {
            Task task = new Task();
            List<Reference> referral = referralReferences();
            referral.forEach(r -> task.addBasedOn(r.copy()));
            task.setFocus(referral.get(0).copy());
            if (ctx.correlationId() != null) {
                task.setGroupIdentifier(new Identifier().setSystem(CORRELATION_ID).setValue(ctx.correlationId()));
            }
            task.setStatus(Task.TaskStatus.fromCode(model.taskStatus()));
            task.setIntent(Task.TaskIntent.ORDER);
            task.setBusinessStatus(new CodeableConcept(new Coding(REFERRAL_OUTCOME_SYSTEM, model.outcomeCode(), null)));
            if (model.reason() != null) {
                task.setStatusReason(new CodeableConcept().setText(model.reason()));
            }
            if (model.decidedAt() != null) {
                task.setLastModifiedElement(dateTime(model.decidedAt()));
            }
            task.setOwner(new Reference(roleUrl != null ? roleUrl : organizationUrl));
            return task;
        }

        private List<Reference> referralReferences() {
            List<Reference> references = new ArrayList<>();
            if (model.referralTrackingId() != null) {
                references.add(serviceRequest(TRACKING_ID, model.referralTrackingId().toString()));
            }
            if (model.referralSourceRef() != null) {
                references.add(serviceRequest(SOURCE_REF, model.referralSourceRef()));
            }
            return references;
        }

        private Organization organization() {
            Organization organization = new Organization();
            organization.addIdentifier().setSystem(PARTNER_ID).setValue(ctx.senderPartnerId());
            return organization;
        }

        private PractitionerRole role() {
            PractitionerRole role = new PractitionerRole();
            role.setOrganization(new Reference(organizationUrl));
            role.addCode().setText(model.decidedByRole());
            return role;
        }

        private Communication communication() {
            Communication communication = new Communication();
            referralReferences().forEach(communication::addBasedOn);
            communication.addPartOf(new Reference(taskUrl));
            communication.setStatus(Communication.CommunicationStatus.COMPLETED);
            if (model.decidedAt() != null) {
                communication.setSentElement(dateTime(model.decidedAt()));
            }
            communication.setSender(new Reference(roleUrl != null ? roleUrl : organizationUrl));
            communication.addPayload().setContent(new StringType(model.nextSteps()));
            return communication;
        }

        private String fullUrl(String role) {
            return URN_UUID + UUID.nameUUIDFromBytes((ctx.trackingId() + "/" + role).getBytes(UTF_8));
        }
    }

    private static Reference serviceRequest(String system, String value) {
        return new Reference().setType("ServiceRequest").setIdentifier(new Identifier().setSystem(system).setValue(value));
    }

    private static void add(Bundle bundle, String fullUrl, Resource resource) {
        resource.setId(fullUrl.substring(URN_UUID.length()));
        bundle.addEntry().setFullUrl(fullUrl).setResource(resource);
    }

    private static void label(Meta meta, List<Coding> labels) {
        meta.getSecurity().clear();
        labels.forEach(l -> meta.addSecurity(l.copy()));
    }

    private static InstantType instant(Instant instant) {
        return new InstantType(iso(instant));
    }

    private static DateTimeType dateTime(Instant instant) {
        return new DateTimeType(iso(instant));
    }

    // FHIR instants carry at most milliseconds, and a fixed UTC form keeps output independent of the JVM's zone.
    static String iso(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
