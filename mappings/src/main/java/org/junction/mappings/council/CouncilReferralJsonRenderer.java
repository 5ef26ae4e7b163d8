package org.junction.mappings.council;

import static org.junction.mappings.council.CouncilCodes.*;

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
import org.junction.mappings.fhir.JunctionSystems;

/**
 * Renders a canonical referral as {@code council-referral-json-v1}, the shape
 * {@link CouncilReferralJsonMapper} reads, for a council case system that takes referrals from the
 * hub. A council referral read in and rendered back gives the document it came from, with the
 * defaults written out and a {@code hub} block added (see the format document).
 *
 * <p>Only the subject's NHS number and the recipient council's own person id are written: other
 * partners' identifiers mean nothing to a council case system.
 */
public final class CouncilReferralJsonRenderer implements OutboundMapper {

    public static final String ID = "council-referral-json-v1";
    public static final String MEDIA_TYPE = "application/json";

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
        ObjectNode document = document(referral.model(), referral, context);
        try {
            return JSON.writeValueAsBytes(document);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values could not be written", e);
        }
    }

    static ObjectNode document(ReferralModel model, Referral referral, RenderContext context) {
        ObjectNode doc = NODES.objectNode();
        ObjectNode hub = doc.putObject("hub");
        hub.put("trackingId", referral.trackingId().toString());
        hub.put("senderPartnerId", referral.senderPartnerId());
        hub.put("renderedAt", instant(context.renderedAt()));

        put(doc, "caseRef", model.sourceRef());
        put(doc, "contactRef", model.incidentRef());
        doc.put("referralType", toCouncil(REFERRAL_TYPE, model.referralType()));
        doc.put("referralKind", model.referralKind() == null ? "REFERRAL" : model.referralKind());
        doc.put("purpose", model.purpose());
        doc.put("priority", toCouncil(PRIORITY, model.priority() == null ? "routine" : model.priority()));
        if (!model.concerns().isEmpty()) {
            ArrayNode concerns = doc.putArray("concerns");
            model.concerns().forEach(c -> concerns.add(toCouncil(CONCERN, c)));
        }
        put(doc, "summary", model.narrative());
        put(doc, "incidentAt", instant(model.occurredAt()));
        put(doc, "requestedAction", model.requestedAction());
        doc.set("subject", subject(model.subject(), context.recipientPartnerId()));
        if (!model.relatedPersons().isEmpty()) {
            ArrayNode household = doc.putArray("household");
            model.relatedPersons().forEach(p -> household.add(householdMember(p)));
        }
        statements(doc, "needs", model, "NEED");
        statements(doc, "whatMatters", model, "WHAT_MATTERS");
        if (model.risk() != null) {
            ReferralModel.Risk risk = model.risk();
            ObjectNode node = doc.putObject("risk");
            put(node, "tool", risk.tool());
            if (risk.score() != null) {
                node.put("score", risk.score());
            }
            node.put("rating", toCouncil(RISK_RATING, risk.grade()));
            node.put("professionalJudgementApplied", risk.professionalJudgementApplied());
            put(node, "judgementReason", risk.judgementReason());
            if (risk.maracReferral() != null) {
                node.put("maracReferral", risk.maracReferral());
            }
        }
        professional(doc, "worker", model.requester());
        professional(doc, "manager", model.supervisor());
        ObjectNode consent = doc.putObject("consent");
        consent.put("status", toCouncil(CONSENT_STATUS, model.consent().status()));
        put(consent, "reason", model.consent().reason());
        put(consent, "recordedAt", instant(model.consent().recordedAt()));
        ObjectNode classification = doc.putObject("classification");
        classification.put("marking", model.classification().marking());
        if (!model.classification().descriptors().isEmpty()) {
            ArrayNode descriptors = classification.putArray("descriptors");
            model.classification().descriptors().forEach(descriptors::add);
        }
        doc.put("restrictedDisclosure", model.restrictedDisclosure());
        return doc;
    }

    private static ObjectNode subject(Subject subject, String recipientPartnerId) {
        ObjectNode node = NODES.objectNode();
        String personSystem = laPerson(recipientPartnerId);
        put(node, "personId", identifier(subject.identifiers(), personSystem));
        String nhsNumber = identifier(subject.identifiers(), JunctionSystems.NHS_NUMBER);
        if (nhsNumber != null) {
            node.put("nhsNumber", nhsNumber);
            node.put("nhsNumberVerified", VERIFIED.equals(subject.nhsNumberVerification()));
        }
        if (subject.name() != null) {
            node.set("name", name(subject.name()));
        }
        put(node, "dateOfBirth", date(subject.birthDate()));
        node.put("dateOfBirthEstimated", subject.birthDateApproximate());
        put(node, "gender", toCouncilOrNull(GENDER, subject.gender()));
        if (!subject.addresses().isEmpty()) {
            ArrayNode addresses = node.putArray("addresses");
            subject.addresses().forEach(a -> addresses.add(address(a)));
        }
        if (!subject.contacts().isEmpty()) {
            ArrayNode contacts = node.putArray("contacts");
            subject.contacts().forEach(c -> contacts.add(contact(c)));
        }
        put(node, "language", subject.language());
        node.put("interpreterRequired", subject.interpreterRequired());
        put(node, "communicationNeeds", subject.communicationNeeds());
        put(node, "gpPracticeCode", subject.gpOdsCode());
        return node;
    }

    private static ObjectNode name(Name name) {
        ObjectNode node = NODES.objectNode();
        if (!name.given().isEmpty()) {
            ArrayNode forenames = node.putArray("forenames");
            name.given().forEach(forenames::add);
        }
        put(node, "surname", name.family());
        if (!name.aliases().isEmpty()) {
            ArrayNode knownAs = node.putArray("knownAs");
            name.aliases().forEach(knownAs::add);
        }
        return node;
    }

    private static ObjectNode address(Address address) {
        ObjectNode node = NODES.objectNode();
        node.put("type", toCouncil(ADDRESS_TYPE, address.use() == null ? "home" : address.use()));
        ArrayNode lines = node.putArray("lines");
        address.lines().forEach(lines::add);
        put(node, "town", address.city());
        put(node, "county", address.district());
        put(node, "postcode", address.postcode());
        put(node, "uprn", address.uprn());
        return node;
    }

    private static ObjectNode contact(Contact contact) {
        ObjectNode node = NODES.objectNode();
        node.put("channel", toCouncil(CONTACT_CHANNEL, contact.system()));
        node.put("value", contact.value());
        if (contact.safeToContact() != null) {
            node.put("safeToContact", contact.safeToContact());
        }
        put(node, "safeTimes", contact.safeTimes());
        return node;
    }

    private static ObjectNode householdMember(RelatedPerson person) {
        ObjectNode node = NODES.objectNode();
        node.put("role", toCouncil(HOUSEHOLD_ROLE, person.role()));
        if (person.name() != null) {
            node.set("name", name(person.name()));
        }
        put(node, "dateOfBirth", date(person.birthDate()));
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
        put(node, "staffId", professional.identifier());
        put(node, "role", professional.role());
        put(node, "team", professional.team());
        put(node, "organisation", professional.organisation());
        put(node, "phone", professional.phone());
        put(node, "email", professional.email());
    }

    private static void statements(ObjectNode doc, String field, ReferralModel model, String kind) {
        List<String> texts = model.needs().stream().filter(n -> kind.equals(n.kind())).map(n -> n.text()).toList();
        if (!texts.isEmpty()) {
            ArrayNode array = doc.putArray(field);
            texts.forEach(array::add);
        }
    }

    static String identifier(List<PersonIdentifier> identifiers, String system) {
        return identifiers.stream()
                .filter(i -> system.equals(i.system()))
                .map(PersonIdentifier::value)
                .findFirst()
                .orElse(null);
    }

    private static void put(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    static String instant(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    static String date(LocalDate date) {
        return date == null ? null : date.toString();
    }
}
