package org.junction.mappings.police;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.fhir.JunctionSystems;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;

/**
 * Turns a police vulnerability referral, already checked against its published schema, into the
 * canonical model, applying the business rules a schema cannot state: code translation through
 * the police ConceptMaps, the NHS number check, dates against the received date, risk grades that
 * judgement may raise but never lower, and what each consent status needs.
 *
 * <p>The JSON and the XML format both arrive here as the same JSON tree (the XML mapper converts
 * its document first), which is what makes them map to identical Bundles. The reader is lenient
 * about structure: a value of the wrong type is skipped, because the schema has reported it.
 */
final class PoliceReferralReader {

    static final String REFERRAL_TYPES = "police-referral-type";
    static final String CONCERNS = "police-concern";
    static final String GENDERS = "police-gender";
    static final String RISK_GRADES = "police-risk-grade";
    static final String RECIPIENT_KINDS = "police-recipient-kind";

    /** Police hold the NHS number as told to them; nobody has traced it against PDS yet. */
    static final String NHS_NUMBER_PRESENT_NOT_TRACED = "02";

    private static final Set<String> DECISIONS = Set.of("GIVEN", "REFUSED", "WITHDRAWN");
    private static final Set<String> NEEDS_REASON = Set.of("NOT_ASKED", "UNABLE", "NOT_SOUGHT_RISK");
    // Lowest first; NOT_ASSESSED is no grade at all, so it is not ranked.
    private static final List<String> GRADE_ORDER = List.of("STANDARD", "MEDIUM", "HIGH");

    private final MappingContext ctx;
    private final LocalDate today;
    private final List<Violation> violations;
    private final List<Violation> schemaViolations;

    private PoliceReferralReader(MappingContext ctx, List<Violation> schemaViolations) {
        this.ctx = ctx;
        // "Today" comes from the context, not the clock, so a replayed input gets the same verdict.
        this.today = LocalDate.ofInstant(ctx.receivedAt(), ZoneOffset.UTC);
        this.schemaViolations = schemaViolations;
        this.violations = new ArrayList<>(schemaViolations);
    }

    /**
     * @param schemaViolations what the schema found; reported together with the rule violations,
     *                         and a field reported there is not judged again here
     * @throws MappingException naming {@code mapperId} with every violation, schema and rule alike
     */
    static ReferralModel read(String mapperId, JsonNode document, MappingContext ctx, List<Violation> schemaViolations) {
        PoliceReferralReader reader = new PoliceReferralReader(ctx, schemaViolations);
        ReferralModel model = reader.referral(new Node(document, ""));
        if (!reader.violations.isEmpty()) {
            throw new MappingException(mapperId, reader.violations);
        }
        return model;
    }

    private ReferralModel referral(Node top) {
        String referralType = translated(top, "referralType", REFERRAL_TYPES);
        ReferralModel.Subject subject = subject(top.object("subject"));
        List<ReferralModel.RelatedPerson> related = new ArrayList<>();
        List<Node> relatedNodes = top.array("relatedPersons");
        for (Node person : relatedNodes) {
            related.add(relatedPerson(person));
        }
        List<String> concerns = concerns(top);
        Instant occurredAt = instant(top, "occurredAt");
        if (occurredAt != null && occurredAt.isAfter(ctx.receivedAt())) {
            rule(top.path("occurredAt"), "must not be in the future");
        }
        ReferralModel.Risk risk = risk(top.object("risk"));
        ReferralModel.ConsentSummary consent = consent(top.object("consent"));
        String recipientKind = translated(top, "recipientKind", RECIPIENT_KINDS);
        List<ReferralModel.NeedOrWish> needs = new ArrayList<>();
        top.text("subjectWishes").ifPresent(wish -> needs.add(new ReferralModel.NeedOrWish("WHAT_MATTERS", wish)));
        if (!violations.isEmpty()) {
            return null;
        }
        return new ReferralModel(
                top.text("sourceRef").orElse(null),
                top.text("incidentRef").orElse(null),
                referralType,
                top.text("referralKind").orElse("REFERRAL"),
                top.text("purpose").orElse(null),
                top.text("priority").orElse("routine"),
                subject,
                related,
                concerns,
                top.text("narrative").orElse(null),
                occurredAt,
                top.text("requestedAction").orElse(null),
                risk,
                officer(top.object("officer")),
                officer(top.object("supervisor")),
                consent,
                classification(top.object("classification")),
                top.bool("restrictedDisclosure").orElse(false),
                needs,
                recipientKind,
                top.text("recipientPartner").orElse(null),
                top.bool("immediateRiskToLife").orElse(false));
    }

    private ReferralModel.Subject subject(Node subject) {
        List<ReferralModel.PersonIdentifier> identifiers = new ArrayList<>();
        String nhsNumber = nhsNumber(subject);
        if (nhsNumber != null) {
            identifiers.add(new ReferralModel.PersonIdentifier(JunctionSystems.NHS_NUMBER, nhsNumber));
        }
        subject.text("policeNominalId").ifPresent(id -> identifiers.add(
                new ReferralModel.PersonIdentifier(JunctionSystems.policeNominal(ctx.senderPartnerId()), id)));
        LocalDate birthDate = pastDate(subject, "birthDate");
        String gender = translated(subject, "gender", GENDERS);
        List<ReferralModel.Address> addresses = new ArrayList<>();
        Node single = subject.object("address");
        if (single.exists()) {
            addresses.add(address(single));
        }
        subject.array("addresses").forEach(a -> addresses.add(address(a)));
        List<ReferralModel.Contact> contacts = subject.array("contacts").stream()
                .map(c -> new ReferralModel.Contact(c.text("system").orElse(null), c.text("value").orElse(null),
                        c.bool("safeToContact").orElse(null), c.text("safeTimes").orElse(null)))
                .toList();
        return new ReferralModel.Subject(
                identifiers,
                nhsNumber != null ? NHS_NUMBER_PRESENT_NOT_TRACED : null,
                name(subject.object("name")),
                birthDate,
                subject.bool("birthDateApproximate").orElse(false),
                gender,
                addresses,
                contacts,
                subject.text("language").orElse(null),
                subject.bool("interpreterRequired").orElse(false),
                subject.text("communicationNeeds").orElse(null),
                subject.text("gpOdsCode").orElse(null));
    }

    private String nhsNumber(Node subject) {
        String field = subject.path("nhsNumber");
        Optional<String> value = subject.text("nhsNumber");
        if (value.isEmpty() || flagged(field)) {
            return null;
        }
        if (!NhsNumber.isWellFormed(value.get())) {
            violations.add(Violation.malformed(field, "must be 10 digits, optionally spaced 3 3 4"));
            return null;
        }
        if (!NhsNumber.isValid(value.get())) {
            rule(field, "fails the NHS number Modulus 11 check");
            return null;
        }
        return NhsNumber.normalise(value.get());
    }

    private ReferralModel.Name name(Node name) {
        if (!name.exists()) {
            return null;
        }
        return new ReferralModel.Name(name.texts("given"), name.text("family").orElse(null), name.texts("aliases"));
    }

    private static ReferralModel.Address address(Node address) {
        return new ReferralModel.Address(
                address.text("use").orElse("home"),
                address.texts("lines"),
                address.text("city").orElse(null),
                address.text("district").orElse(null),
                address.text("postcode").orElse(null),
                address.text("uprn").orElse(null));
    }

    private ReferralModel.RelatedPerson relatedPerson(Node person) {
        Node address = person.object("address");
        return new ReferralModel.RelatedPerson(
                person.text("role").orElse(null),
                name(person.object("name")),
                pastDate(person, "birthDate"),
                person.text("relationship").orElse(null),
                person.bool("presentAtIncident").orElse(null),
                address.exists() ? address(address) : null);
    }

    private List<String> concerns(Node top) {
        List<Node> items = top.array("concerns");
        // A repeated concern adds nothing, and two police codes may name one hub concern (CSE, CCE);
        // keeping the first occurrence keeps the sender's order.
        Set<String> concerns = new LinkedHashSet<>();
        for (Node item : items) {
            String hub = translatedValue(item, CONCERNS);
            if (hub != null) {
                concerns.add(hub);
            }
        }
        return List.copyOf(concerns);
    }

    private ReferralModel.Risk risk(Node risk) {
        String grade = translated(risk, "grade", RISK_GRADES);
        String toolGrade = translated(risk, "toolGrade", RISK_GRADES);
        Optional<Boolean> judgement = risk.bool("professionalJudgement");
        boolean raised = false;
        if (grade != null && toolGrade != null && !"NOT_ASSESSED".equals(toolGrade)) {
            int given = GRADE_ORDER.indexOf(grade);
            int byTool = GRADE_ORDER.indexOf(toolGrade);
            if (given < byTool) {
                // Professional judgement may raise the tool's grade, never lower it.
                rule(risk.path("grade"), "must not be lower than risk.toolGrade");
            }
            raised = given > byTool;
        }
        if (raised && judgement.isPresent() && !judgement.get()) {
            rule(risk.path("professionalJudgement"), "must be true when risk.grade is above risk.toolGrade");
        }
        boolean applied = judgement.orElse(raised);
        Optional<String> reason = risk.text("judgementReason");
        if (applied && reason.isEmpty() && !flagged(risk.path("judgementReason"))) {
            violations.add(Violation.malformed(risk.path("judgementReason"),
                    "is required when professional judgement set the grade"));
        }
        return new ReferralModel.Risk(risk.text("tool").orElse(null), risk.integer("score").orElse(null), grade,
                applied, reason.orElse(null), risk.bool("maracReferral").orElse(null));
    }

    private ReferralModel.Professional officer(Node officer) {
        if (!officer.exists()) {
            return null;
        }
        return new ReferralModel.Professional(
                officer.text("name").orElse(null),
                officer.text("collarNumber").orElse(null),
                officer.text("role").orElse(null),
                null,
                officer.text("station").orElse(null),
                officer.text("phone").orElse(null),
                officer.text("email").orElse(null));
    }

    private ReferralModel.ConsentSummary consent(Node consent) {
        String status = consent.text("status").orElse(null);
        Instant recordedAt = instant(consent, "recordedAt");
        Optional<String> reason = consent.text("reason");
        // Set.of refuses to look up null: a referral without a consent status is only missing a field.
        if (status != null && DECISIONS.contains(status) && recordedAt == null && !flagged(consent.path("recordedAt"))) {
            violations.add(Violation.malformed(consent.path("recordedAt"),
                    "is required when status is GIVEN, REFUSED or WITHDRAWN"));
        }
        if (status != null && NEEDS_REASON.contains(status) && reason.isEmpty() && !flagged(consent.path("reason"))) {
            violations.add(Violation.malformed(consent.path("reason"),
                    "is required when status is NOT_ASKED, UNABLE or NOT_SOUGHT_RISK"));
        }
        if (recordedAt != null && recordedAt.isAfter(ctx.receivedAt())) {
            rule(consent.path("recordedAt"), "must not be in the future");
        }
        return status == null ? null : new ReferralModel.ConsentSummary(status, reason.orElse(null), recordedAt);
    }

    private static ReferralModel.Classification classification(Node classification) {
        if (!classification.exists()) {
            // Police vulnerability referrals are personal data about risk of harm: marked
            // OFFICIAL-SENSITIVE PERSONAL unless the force says otherwise.
            return ReferralModel.Classification.officialSensitivePersonal();
        }
        return new ReferralModel.Classification(classification.text("marking").orElse(null),
                classification.texts("descriptors"));
    }

    private String translated(Node node, String field, String conceptMap) {
        return translatedValue(node.child(field), conceptMap);
    }

    private String translatedValue(Node value, String conceptMap) {
        Optional<String> code = value.asText();
        if (code.isEmpty() || flagged(value.path)) {
            return null;
        }
        Optional<String> hub = CodeTables.translate(conceptMap, code.get());
        if (hub.isEmpty()) {
            rule(value.path, "has no mapping in " + conceptMap);
        }
        return hub.orElse(null);
    }

    private LocalDate pastDate(Node node, String field) {
        Optional<String> text = node.text(field);
        String path = node.path(field);
        if (text.isEmpty() || flagged(path)) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text.get());
            if (date.isAfter(today)) {
                rule(path, "must not be in the future");
            }
            return date;
        } catch (DateTimeParseException e) {
            violations.add(Violation.malformed(path, "must be a date in the form YYYY-MM-DD"));
            return null;
        }
    }

    private Instant instant(Node node, String field) {
        Optional<String> text = node.text(field);
        String path = node.path(field);
        if (text.isEmpty() || flagged(path)) {
            return null;
        }
        try {
            return Instant.parse(text.get());
        } catch (DateTimeParseException e) {
            violations.add(Violation.malformed(path, "must be an ISO-8601 date-time with a zone offset"));
            return null;
        }
    }

    private void rule(String field, String reason) {
        violations.add(Violation.rule(field, reason));
    }

    // A field the schema already reported, or one inside it, is not judged again.
    private boolean flagged(String path) {
        for (Violation v : schemaViolations) {
            String f = v.field();
            if (f.equals(path) || path.startsWith(f + ".") || path.startsWith(f + "[") || "$".equals(f)) {
                return true;
            }
        }
        return false;
    }

    /** A position in the document with its violation path; a missing or mistyped value reads as absent. */
    private record Node(JsonNode value, String path) {

        boolean exists() {
            return value != null && value.isObject();
        }

        Node child(String name) {
            JsonNode child = value != null && value.isObject() ? value.get(name) : null;
            return new Node(child, path(name));
        }

        String path(String name) {
            return path.isEmpty() ? name : path + "." + name;
        }

        Node object(String name) {
            return child(name);
        }

        Optional<String> asText() {
            if (value == null || !value.isTextual() || value.textValue().isBlank()) {
                return Optional.empty();
            }
            return Optional.of(value.textValue().strip());
        }

        Optional<String> text(String name) {
            return child(name).asText();
        }

        Optional<Boolean> bool(String name) {
            Node child = child(name);
            return child.value != null && child.value.isBoolean() ? Optional.of(child.value.booleanValue()) : Optional.empty();
        }

        Optional<Integer> integer(String name) {
            Node child = child(name);
            return child.value != null && child.value.canConvertToInt() && child.value.isIntegralNumber()
                    ? Optional.of(child.value.intValue()) : Optional.empty();
        }

        List<Node> array(String name) {
            Node child = child(name);
            if (child.value == null || !child.value.isArray()) {
                return List.of();
            }
            List<Node> items = new ArrayList<>();
            for (int i = 0; i < child.value.size(); i++) {
                items.add(new Node(child.value.get(i), child.path + "[" + i + "]"));
            }
            return items;
        }

        List<String> texts(String name) {
            return array(name).stream().map(Node::asText).flatMap(Optional::stream).toList();
        }
    }
}
