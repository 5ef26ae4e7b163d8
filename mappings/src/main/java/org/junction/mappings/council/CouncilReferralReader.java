package org.junction.mappings.council;

import static org.junction.mappings.council.CouncilCodes.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Address;
import org.junction.mappings.canonical.ReferralModel.Classification;
import org.junction.mappings.canonical.ReferralModel.ConsentSummary;
import org.junction.mappings.canonical.ReferralModel.Contact;
import org.junction.mappings.canonical.ReferralModel.Name;
import org.junction.mappings.canonical.ReferralModel.NeedOrWish;
import org.junction.mappings.canonical.ReferralModel.PersonIdentifier;
import org.junction.mappings.canonical.ReferralModel.Professional;
import org.junction.mappings.canonical.ReferralModel.RelatedPerson;
import org.junction.mappings.canonical.ReferralModel.Risk;
import org.junction.mappings.canonical.ReferralModel.Subject;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.json.ObjectFields;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.schema.JsonSchemas;

/**
 * Reads a {@code council-referral-json-v1} document in three passes: the published JSON Schema
 * (shape, types, sizes), then the hub's rules (codes through the council ConceptMaps, NHS number
 * check digit, real and past dates, fields one status makes necessary), then, only when both
 * passed, the {@link ReferralModel}. The first two passes report everything they find together.
 */
final class CouncilReferralReader {

    static final String ID = CouncilReferralJsonMapper.ID;

    // A council's clock may run a little ahead of the hub's; a time that far in the future is
    // still a real one, anything further is a typing error.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private static final Set<String> CONSENT_NEEDS_TIME = Set.of("CONSENTED", "DECLINED", "WITHDRAWN");
    // Anything but the subject's own decision has to say why consent is missing.
    private static final Set<String> CONSENT_NEEDS_REASON = Set.of("NOT_ASKED", "NO_CAPACITY", "NOT_SOUGHT_SAFEGUARDING");

    private CouncilReferralReader() {
    }

    static ReferralModel read(JsonNode document, MappingContext ctx) {
        List<Violation> violations = new ArrayList<>(JsonSchemas.validate(ID, document));
        List<Violation> schemaViolations = List.copyOf(violations);
        for (Violation rule : new Rules(ctx).check(document)) {
            // A field the schema already refused would only be reported twice, less clearly.
            if (schemaViolations.stream().noneMatch(v -> covers(v.field(), rule.field()))) {
                violations.add(rule);
            }
        }
        if (!violations.isEmpty()) {
            throw new MappingException(ID, violations);
        }
        return model(document, ctx);
    }

    private static boolean covers(String reported, String field) {
        return reported.equals(ObjectFields.DOCUMENT) || field.equals(reported)
                || field.startsWith(reported + ".") || field.startsWith(reported + "[");
    }

    /** The business rules; each reads the tree defensively, since the schema may have failed. */
    private static final class Rules {

        private final Instant latest;
        private final LocalDate today;
        private final List<Violation> found = new ArrayList<>();

        Rules(MappingContext ctx) {
            this.latest = ctx.receivedAt().plus(CLOCK_SKEW);
            this.today = LocalDate.ofInstant(ctx.receivedAt(), ZoneOffset.UTC);
        }

        List<Violation> check(JsonNode doc) {
            if (!doc.isObject()) {
                return found;
            }
            code(REFERRAL_TYPE, doc, "referralType", "referralType");
            code(PRIORITY, doc, "priority", "priority");
            JsonNode concerns = doc.path("concerns");
            for (int i = 0; i < concerns.size(); i++) {
                code(CONCERN, concerns.get(i), "concerns[" + i + "]");
            }
            instant(doc, "incidentAt", "incidentAt");
            subject(doc.path("subject"));
            JsonNode household = doc.path("household");
            for (int i = 0; i < household.size(); i++) {
                householdMember(household.get(i), "household[" + i + "]");
            }
            risk(doc.path("risk"));
            consent(doc.path("consent"));
            return found;
        }

        private void subject(JsonNode subject) {
            if (!subject.isObject()) {
                return;
            }
            String nhsNumber = text(subject, "nhsNumber");
            if (nhsNumber != null && NhsNumber.isWellFormed(nhsNumber) && !NhsNumber.isValid(nhsNumber)) {
                found.add(Violation.rule("subject.nhsNumber", "fails the NHS number Modulus 11 check"));
            }
            if (subject.has("nhsNumberVerified") && nhsNumber == null) {
                found.add(Violation.malformed("subject.nhsNumberVerified", "is only allowed with subject.nhsNumber"));
            }
            birthDate(subject, "dateOfBirth", "subject.dateOfBirth");
            code(GENDER, subject, "gender", "subject.gender");
            JsonNode addresses = subject.path("addresses");
            for (int i = 0; i < addresses.size(); i++) {
                address(addresses.get(i), "subject.addresses[" + i + "]");
            }
            JsonNode contacts = subject.path("contacts");
            for (int i = 0; i < contacts.size(); i++) {
                code(CONTACT_CHANNEL, contacts.get(i), "channel", "subject.contacts[" + i + "].channel");
            }
        }

        private void householdMember(JsonNode member, String path) {
            if (!member.isObject()) {
                return;
            }
            code(HOUSEHOLD_ROLE, member, "role", path + ".role");
            birthDate(member, "dateOfBirth", path + ".dateOfBirth");
            if (member.has("address")) {
                address(member.get("address"), path + ".address");
            }
        }

        private void address(JsonNode address, String path) {
            if (address.isObject()) {
                code(ADDRESS_TYPE, address, "type", path + ".type");
            }
        }

        private void risk(JsonNode risk) {
            if (!risk.isObject()) {
                return;
            }
            code(RISK_RATING, risk, "rating", "risk.rating");
            if (risk.path("professionalJudgementApplied").asBoolean(false) && text(risk, "judgementReason") == null) {
                found.add(Violation.malformed("risk.judgementReason",
                        "is required when professionalJudgementApplied is true"));
            }
        }

        private void consent(JsonNode consent) {
            if (!consent.isObject()) {
                return;
            }
            String status = text(consent, "status");
            code(CONSENT_STATUS, consent, "status", "consent.status");
            instant(consent, "recordedAt", "consent.recordedAt");
            if (status != null && CONSENT_NEEDS_TIME.contains(status) && !consent.has("recordedAt")) {
                found.add(Violation.malformed("consent.recordedAt",
                        "is required when status is CONSENTED, DECLINED or WITHDRAWN"));
            }
            if (status != null && CONSENT_NEEDS_REASON.contains(status) && text(consent, "reason") == null) {
                found.add(Violation.malformed("consent.reason",
                        "is required when status is NOT_ASKED, NO_CAPACITY or NOT_SOUGHT_SAFEGUARDING"));
            }
        }

        private void code(String table, JsonNode parent, String name, String path) {
            code(table, parent.path(name), path);
        }

        private void code(String table, JsonNode value, String path) {
            if (value != null && value.isTextual() && toHub(table, value.textValue()).isEmpty()) {
                found.add(Violation.rule(path, "has no mapping in " + table));
            }
        }

        private void birthDate(JsonNode parent, String name, String path) {
            String text = text(parent, name);
            if (text == null) {
                return;
            }
            try {
                if (LocalDate.parse(text).isAfter(today)) {
                    found.add(Violation.rule(path, "must not be in the future"));
                }
            } catch (DateTimeParseException e) {
                found.add(Violation.malformed(path, "is not a real calendar date"));
            }
        }

        private void instant(JsonNode parent, String name, String path) {
            String text = text(parent, name);
            if (text == null) {
                return;
            }
            try {
                if (OffsetDateTime.parse(text).toInstant().isAfter(latest)) {
                    found.add(Violation.rule(path, "must not be in the future"));
                }
            } catch (DateTimeParseException e) {
                found.add(Violation.malformed(path, "is not a real date and time"));
            }
        }
    }

    // ---- model, from a document both passes accepted ----

    private static ReferralModel model(JsonNode doc, MappingContext ctx) {
        return new ReferralModel(
                text(doc, "caseRef"),
                text(doc, "contactRef"),
                hub(REFERRAL_TYPE, text(doc, "referralType")),
                textOr(doc, "referralKind", "REFERRAL"),
                text(doc, "purpose"),
                hub(PRIORITY, textOr(doc, "priority", "ROUTINE")),
                subject(doc.get("subject"), ctx),
                list(doc.path("household"), CouncilReferralReader::relatedPerson),
                concerns(doc.path("concerns")),
                text(doc, "summary"),
                instantOrNull(doc, "incidentAt"),
                text(doc, "requestedAction"),
                risk(doc.get("risk")),
                professional(doc.get("worker")),
                professional(doc.get("manager")),
                consent(doc.get("consent")),
                classification(doc.get("classification")),
                doc.path("restrictedDisclosure").asBoolean(false),
                needs(doc));
    }

    private static Subject subject(JsonNode subject, MappingContext ctx) {
        List<PersonIdentifier> identifiers = new ArrayList<>();
        String nhsNumber = NhsNumber.normalise(text(subject, "nhsNumber"));
        if (nhsNumber != null) {
            identifiers.add(new PersonIdentifier(JunctionSystems.NHS_NUMBER, nhsNumber));
        }
        String personId = text(subject, "personId");
        if (personId != null) {
            identifiers.add(new PersonIdentifier(laPerson(ctx.senderPartnerId()), personId));
        }
        String verification = nhsNumber == null ? null
                : subject.path("nhsNumberVerified").asBoolean(false) ? VERIFIED : PRESENT_NOT_TRACED;
        String dateOfBirth = text(subject, "dateOfBirth");
        return new Subject(
                identifiers,
                verification,
                name(subject.get("name")),
                dateOfBirth == null ? null : LocalDate.parse(dateOfBirth),
                subject.path("dateOfBirthEstimated").asBoolean(false),
                hub(GENDER, text(subject, "gender")),
                list(subject.path("addresses"), CouncilReferralReader::address),
                list(subject.path("contacts"), CouncilReferralReader::contact),
                text(subject, "language"),
                subject.path("interpreterRequired").asBoolean(false),
                text(subject, "communicationNeeds"),
                text(subject, "gpPracticeCode"));
    }

    private static Name name(JsonNode name) {
        return new Name(texts(name.path("forenames")), text(name, "surname"), texts(name.path("knownAs")));
    }

    private static Address address(JsonNode address) {
        return new Address(
                hub(ADDRESS_TYPE, textOr(address, "type", "HOME")),
                texts(address.path("lines")),
                text(address, "town"),
                text(address, "county"),
                text(address, "postcode"),
                text(address, "uprn"));
    }

    private static Contact contact(JsonNode contact) {
        JsonNode safe = contact.get("safeToContact");
        return new Contact(
                hub(CONTACT_CHANNEL, text(contact, "channel")),
                text(contact, "value"),
                safe == null || safe.isNull() ? null : safe.booleanValue(),
                text(contact, "safeTimes"));
    }

    private static RelatedPerson relatedPerson(JsonNode member) {
        String dateOfBirth = text(member, "dateOfBirth");
        JsonNode present = member.get("presentAtIncident");
        JsonNode address = member.get("address");
        return new RelatedPerson(
                hub(HOUSEHOLD_ROLE, text(member, "role")),
                name(member.get("name")),
                dateOfBirth == null ? null : LocalDate.parse(dateOfBirth),
                text(member, "relationship"),
                present == null || present.isNull() ? null : present.booleanValue(),
                address == null || address.isNull() ? null : address(address));
    }

    private static List<String> concerns(JsonNode concerns) {
        // A repeated concern adds nothing; keeping the first keeps the council's order.
        Set<String> codes = new LinkedHashSet<>();
        for (JsonNode concern : concerns) {
            codes.add(hub(CONCERN, concern.textValue()));
        }
        return List.copyOf(codes);
    }

    private static Risk risk(JsonNode risk) {
        if (risk == null || risk.isNull()) {
            return null;
        }
        JsonNode score = risk.get("score");
        JsonNode marac = risk.get("maracReferral");
        return new Risk(
                text(risk, "tool"),
                score == null || score.isNull() ? null : score.intValue(),
                hub(RISK_RATING, text(risk, "rating")),
                risk.path("professionalJudgementApplied").asBoolean(false),
                text(risk, "judgementReason"),
                marac == null || marac.isNull() ? null : marac.booleanValue());
    }

    private static Professional professional(JsonNode professional) {
        if (professional == null || professional.isNull()) {
            return null;
        }
        return new Professional(
                text(professional, "name"),
                text(professional, "staffId"),
                text(professional, "role"),
                text(professional, "organisation"),
                text(professional, "team"),
                text(professional, "phone"),
                text(professional, "email"));
    }

    private static ConsentSummary consent(JsonNode consent) {
        return new ConsentSummary(
                hub(CONSENT_STATUS, text(consent, "status")),
                text(consent, "reason"),
                instantOrNull(consent, "recordedAt"));
    }

    private static Classification classification(JsonNode classification) {
        if (classification == null || classification.isNull()) {
            // Council safeguarding referrals are about named people and their circumstances.
            return Classification.officialSensitivePersonal();
        }
        return new Classification(text(classification, "marking"), texts(classification.path("descriptors")));
    }

    private static List<NeedOrWish> needs(JsonNode doc) {
        List<NeedOrWish> needs = new ArrayList<>();
        for (String need : texts(doc.path("needs"))) {
            needs.add(new NeedOrWish("NEED", need));
        }
        for (String wish : texts(doc.path("whatMatters"))) {
            needs.add(new NeedOrWish("WHAT_MATTERS", wish));
        }
        return needs;
    }

    // ---- tree helpers ----

    private static String hub(String table, String councilCode) {
        if (councilCode == null) {
            return null;
        }
        // The rules pass has already refused unmapped codes.
        return toHub(table, councilCode).orElseThrow();
    }

    /** The stripped text of a string field, or null when absent, not a string or blank. */
    static String text(JsonNode parent, String name) {
        if (parent == null) {
            return null;
        }
        JsonNode value = parent.get(name);
        if (value == null || !value.isTextual()) {
            return null;
        }
        String text = value.textValue().strip();
        return text.isEmpty() ? null : text;
    }

    private static String textOr(JsonNode parent, String name, String fallback) {
        String text = text(parent, name);
        return text == null ? fallback : text;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        for (JsonNode item : array) {
            if (item.isTextual() && !item.textValue().isBlank()) {
                texts.add(item.textValue().strip());
            }
        }
        return texts;
    }

    private static Instant instantOrNull(JsonNode parent, String name) {
        String text = text(parent, name);
        // FHIR keeps milliseconds; cutting here keeps the model equal to what the Bundle holds.
        return text == null ? null : OffsetDateTime.parse(text).toInstant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static <T> List<T> list(JsonNode array, Function<JsonNode, T> item) {
        List<T> items = new ArrayList<>();
        for (JsonNode node : array) {
            items.add(item.apply(node));
        }
        return items;
    }
}
