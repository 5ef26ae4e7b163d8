package org.junction.mappings.mash;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.cancel.CancellationDocuments;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Address;
import org.junction.mappings.canonical.ReferralModel.Contact;
import org.junction.mappings.canonical.ReferralModel.Name;
import org.junction.mappings.canonical.ReferralModel.PersonIdentifier;
import org.junction.mappings.canonical.ReferralModel.Professional;
import org.junction.mappings.canonical.ReferralModel.RelatedPerson;
import org.junction.mappings.canonical.ReferralModel.Subject;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.fhir.JunctionSystems;

/**
 * Renders a canonical referral as a MASH front door receives it, JSON version 1 (see
 * {@code mappings/formats/mash-referral-json-v1.md}; the published schema is
 * {@code schemas/mash-referral-json-v1.schema.json}). A MASH screens with every agency at the
 * table, so nothing of the referral is left out: subject with all identifiers, household,
 * concerns, risk, narrative, referrer and supervisor, consent, and the handling marks
 * (classification, restricted disclosure) at the top where a screener sees them first.
 *
 * <p>Codes are the hub's own (the format is the hub's), except the RAG rating shown beside the
 * risk grade, from the ConceptMap {@value #RAG_MAP}. The MASH quotes {@code hubTrackingId} or
 * {@code referrerReference} back in its outcome ({@link MashOutcomeJsonMapper}).
 */
public final class MashReferralJsonRenderer implements OutboundMapper {

    public static final String ID = "mash-referral-json-v1";
    public static final String MEDIA_TYPE = "application/json";
    public static final String RAG_MAP = "mash-risk-rating";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    /** A cancellation document naming the referral as this format names it ({@code hubTrackingId}). */
    @Override
    public byte[] renderCancellation(Cancellation cancellation, RenderContext context) {
        return CancellationDocuments.json(ID, "hubTrackingId", cancellation, context);
    }

    /** The rejection notice to a sender, naming its referral as this format does ({@code hubTrackingId}). */
    @Override
    public byte[] renderRejection(org.junction.mappings.notice.RejectionNotice notice, RenderContext context) {
        return org.junction.mappings.notice.RejectionDocuments.json(ID, "hubTrackingId", notice, context);
    }

    @Override
    public byte[] renderFeedback(org.junction.mappings.notice.FeedbackNotice notice, RenderContext context) {
        return org.junction.mappings.notice.RejectionDocuments.feedbackJson(ID, "hubTrackingId", notice, context);
    }

    @Override
    public byte[] render(Referral referral, RenderContext context) {
        Objects.requireNonNull(referral, "referral");
        Objects.requireNonNull(context, "context");
        try {
            return JSON.writeValueAsBytes(document(referral, referral.model(), context));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values could not be written", e);
        }
    }

    private static ObjectNode document(Referral referral, ReferralModel model, RenderContext context) {
        ObjectNode doc = NODES.objectNode();
        doc.put("format", ID);
        doc.put("hubTrackingId", referral.trackingId().toString());
        doc.put("senderPartnerId", referral.senderPartnerId());
        doc.put("sentAt", instant(context.renderedAt()));
        ObjectNode classification = doc.putObject("classification");
        classification.put("marking", model.classification().marking());
        strings(classification, "descriptors", model.classification().descriptors());
        doc.put("restrictedDisclosure", model.restrictedDisclosure());
        put(doc, "referrerReference", model.sourceRef());
        put(doc, "incidentReference", model.incidentRef());
        doc.put("referralType", model.referralType());
        doc.put("referralKind", model.referralKind() == null ? "REFERRAL" : model.referralKind());
        doc.put("purpose", model.purpose());
        doc.put("priority", model.priority() == null ? "routine" : model.priority());
        strings(doc, "concerns", model.concerns());
        if (model.risk() != null) {
            doc.set("risk", risk(model.risk()));
        }
        put(doc, "narrative", model.narrative());
        put(doc, "occurredAt", instant(model.occurredAt()));
        put(doc, "requestedAction", model.requestedAction());
        strings(doc, "needs", needs(model, "NEED"));
        strings(doc, "whatMatters", needs(model, "WHAT_MATTERS"));
        doc.set("subject", subject(model.subject()));
        ArrayNode household = doc.putArray("household");
        model.relatedPersons().forEach(p -> household.add(householdMember(p)));
        professional(doc, "referrer", model.requester());
        professional(doc, "supervisor", model.supervisor());
        ObjectNode consent = doc.putObject("consent");
        consent.put("status", model.consent().status());
        put(consent, "reason", model.consent().reason());
        put(consent, "recordedAt", instant(model.consent().recordedAt()));
        return doc;
    }

    private static ObjectNode risk(ReferralModel.Risk risk) {
        ObjectNode node = NODES.objectNode();
        put(node, "tool", risk.tool());
        if (risk.score() != null) {
            node.put("score", risk.score());
        }
        node.put("grade", risk.grade());
        node.put("rag", CodeTables.translate(RAG_MAP, risk.grade()).orElseThrow(() ->
                new IllegalArgumentException("hub risk grade " + risk.grade() + " has no RAG rating in " + RAG_MAP)));
        node.put("professionalJudgementApplied", risk.professionalJudgementApplied());
        put(node, "judgementReason", risk.judgementReason());
        if (risk.maracReferral() != null) {
            node.put("maracReferral", risk.maracReferral());
        }
        return node;
    }

    private static ObjectNode subject(Subject subject) {
        ObjectNode node = NODES.objectNode();
        String nhsNumber = null;
        ArrayNode others = NODES.arrayNode();
        for (PersonIdentifier id : subject.identifiers()) {
            if (JunctionSystems.NHS_NUMBER.equals(id.system()) && nhsNumber == null) {
                nhsNumber = id.value();
            } else {
                others.addObject().put("system", id.system()).put("value", id.value());
            }
        }
        put(node, "nhsNumber", nhsNumber);
        if (nhsNumber != null) {
            put(node, "nhsNumberVerificationStatus", subject.nhsNumberVerification());
        }
        if (!others.isEmpty()) {
            node.set("otherIdentifiers", others);
        }
        if (subject.name() != null) {
            node.set("name", name(subject.name()));
        }
        put(node, "birthDate", date(subject.birthDate()));
        node.put("birthDateApproximate", subject.birthDateApproximate());
        put(node, "gender", subject.gender());
        ArrayNode addresses = node.putArray("addresses");
        subject.addresses().forEach(a -> addresses.add(address(a)));
        ArrayNode contacts = node.putArray("contacts");
        subject.contacts().forEach(c -> contacts.add(contact(c)));
        put(node, "language", subject.language());
        node.put("interpreterRequired", subject.interpreterRequired());
        put(node, "communicationNeeds", subject.communicationNeeds());
        put(node, "gpOdsCode", subject.gpOdsCode());
        return node;
    }

    private static ObjectNode name(Name name) {
        ObjectNode node = NODES.objectNode();
        ArrayNode given = node.putArray("given");
        name.given().forEach(given::add);
        put(node, "family", name.family());
        strings(node, "aliases", name.aliases());
        return node;
    }

    private static ObjectNode address(Address address) {
        ObjectNode node = NODES.objectNode();
        put(node, "use", address.use());
        ArrayNode lines = node.putArray("lines");
        address.lines().forEach(lines::add);
        put(node, "city", address.city());
        put(node, "district", address.district());
        put(node, "postcode", address.postcode());
        put(node, "uprn", address.uprn());
        return node;
    }

    private static ObjectNode contact(Contact contact) {
        ObjectNode node = NODES.objectNode();
        node.put("system", contact.system());
        node.put("value", contact.value());
        if (contact.safeToContact() != null) {
            node.put("safeToContact", contact.safeToContact());
        }
        put(node, "safeTimes", contact.safeTimes());
        return node;
    }

    private static ObjectNode householdMember(RelatedPerson person) {
        ObjectNode node = NODES.objectNode();
        node.put("role", person.role());
        if (person.name() != null) {
            node.set("name", name(person.name()));
        }
        put(node, "birthDate", date(person.birthDate()));
        put(node, "relationship", person.relationship());
        if (person.presentAtIncident() != null) {
            node.put("presentAtIncident", person.presentAtIncident());
        }
        if (person.address() != null) {
            node.set("address", address(person.address()));
        }
        return node;
    }

    private static void professional(ObjectNode doc, String field, Professional professional) {
        if (professional == null) {
            return;
        }
        ObjectNode node = doc.putObject(field);
        put(node, "name", professional.name());
        put(node, "identifier", professional.identifier());
        put(node, "role", professional.role());
        put(node, "team", professional.team());
        put(node, "organisation", professional.organisation());
        put(node, "phone", professional.phone());
        put(node, "email", professional.email());
    }

    private static List<String> needs(ReferralModel model, String kind) {
        return model.needs().stream().filter(n -> kind.equals(n.kind())).map(ReferralModel.NeedOrWish::text).toList();
    }

    private static void strings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            ArrayNode array = node.putArray(field);
            values.forEach(array::add);
        }
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static String instant(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
