package org.junction.mappings.council;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junction.mappings.council.CouncilCodes.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junction.mappings.OutboundMapper;
import org.junction.mappings.RenderContext;
import org.junction.mappings.cancel.Cancellation;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.canonical.ReferralModel.Address;
import org.junction.mappings.canonical.ReferralModel.Contact;
import org.junction.mappings.canonical.ReferralModel.Professional;
import org.junction.mappings.canonical.ReferralModel.RelatedPerson;
import org.junction.mappings.csv.CsvCells;
import org.junction.mappings.fhir.JunctionSystems;

/**
 * Renders a canonical referral as one CSV file for a council that imports referrals from an SFTP
 * drop: a header row and one data row (RFC 4180: comma-separated, CRLF line ends, fields quoted
 * when they hold a comma, quote or line break; UTF-8 without a byte order mark). Codes are the
 * council codes of {@code council-referral-json-v1}. The columns are listed in
 * {@code mappings/formats/council-referral-csv-v1.md} and, in order, in {@link #COLUMNS}.
 *
 * <p>A flat row has room for one address, two contacts and three household members; the
 * {@code *_count} columns say how many the referral holds, so an importer can tell when it should
 * fetch the full referral as JSON. A cell that a spreadsheet would run as a formula is defused
 * with a leading apostrophe.
 */
public final class CouncilReferralCsvRenderer implements OutboundMapper {

    public static final String ID = "council-referral-csv-v1";
    public static final String MEDIA_TYPE = "text/csv; charset=utf-8; header=present";

    static final int CONTACT_SLOTS = 2;
    static final int HOUSEHOLD_SLOTS = 3;
    static final String LIST_SEPARATOR = ";";
    private static final String CRLF = "\r\n";

    private static final Map<String, Function<Row, String>> CELLS = columns();

    /** Header names, in column order. */
    public static final List<String> COLUMNS = List.copyOf(CELLS.keySet());

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String mediaType() {
        return MEDIA_TYPE;
    }

    /** Header of a cancellation file: a file of its own, so an importer never mistakes it for a referral. */
    public static final List<String> CANCELLATION_COLUMNS = List.of("record_type", "hub_tracking_id", "hub_recall_id",
            "hub_sender_partner_id", "cause", "reason_code", "replaced_by", "requested_at", "hub_rendered_at");

    /**
     * A file recipient cannot be asked to take anything back, only told: one header row and one
     * {@code CANCELLATION} row naming the referral by the tracking id its referral file carried.
     */
    @Override
    public byte[] renderCancellation(Cancellation cancellation, RenderContext context) {
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(context, "context");
        StringBuilder csv = new StringBuilder(512);
        line(csv, CANCELLATION_COLUMNS);
        line(csv, java.util.Arrays.asList("CANCELLATION", cancellation.trackingId().toString(),
                cancellation.recallId().toString(), cancellation.senderPartnerId(), cancellation.cause().name(),
                cancellation.reasonCode(), cancellation.replacedBy() == null ? null : cancellation.replacedBy().toString(),
                CouncilReferralJsonRenderer.instant(cancellation.requestedAt()),
                CouncilReferralJsonRenderer.instant(context.renderedAt())));
        return csv.toString().getBytes(UTF_8);
    }

    /** A rejection file of its own: header and one {@code REJECTION} row, codes and ids only. */
    @Override
    public byte[] renderRejection(org.junction.mappings.notice.RejectionNotice notice, RenderContext context) {
        return org.junction.mappings.notice.RejectionDocuments.csv(notice, context);
    }

    @Override
    public byte[] renderFeedback(org.junction.mappings.notice.FeedbackNotice notice, RenderContext context) {
        return org.junction.mappings.notice.RejectionDocuments.feedbackCsv(notice, context);
    }

    @Override
    public byte[] render(Referral referral, RenderContext context) {
        Objects.requireNonNull(referral, "referral");
        Objects.requireNonNull(context, "context");
        Row row = new Row(referral, referral.model(), context);
        StringBuilder csv = new StringBuilder(4096);
        line(csv, COLUMNS);
        line(csv, CELLS.values().stream().map(cell -> cell.apply(row)).toList());
        return csv.toString().getBytes(UTF_8);
    }

    private static void line(StringBuilder csv, List<String> cells) {
        csv.append(cells.stream().map(CouncilReferralCsvRenderer::cell).collect(Collectors.joining(","))).append(CRLF);
    }

    /** One cell, defused and quoted. */
    static String cell(String value) {
        return CsvCells.cell(value);
    }

    /** The values one data row is cut from. */
    private record Row(Referral referral, ReferralModel model, RenderContext context) {

        Address address() {
            List<Address> addresses = model.subject().addresses();
            return addresses.stream().filter(a -> "home".equals(a.use())).findFirst()
                    .orElse(addresses.isEmpty() ? null : addresses.get(0));
        }

        ReferralModel.Name name() {
            return model.subject().name();
        }

        Professional requester() {
            return model.requester();
        }

        Professional supervisor() {
            return model.supervisor();
        }

        Contact contact(int slot) {
            List<Contact> contacts = model.subject().contacts();
            return slot < contacts.size() ? contacts.get(slot) : null;
        }

        RelatedPerson member(int slot) {
            List<RelatedPerson> people = model.relatedPersons();
            return slot < people.size() ? people.get(slot) : null;
        }

        String needs(String kind) {
            return model.needs().stream().filter(n -> kind.equals(n.kind())).map(ReferralModel.NeedOrWish::text)
                    // Statements are free text that may hold any separator; a line break keeps them apart
                    // and RFC 4180 quoting carries it.
                    .collect(Collectors.collectingAndThen(Collectors.joining("\n"), s -> s.isEmpty() ? null : s));
        }
    }

    private static Map<String, Function<Row, String>> columns() {
        Map<String, Function<Row, String>> c = new LinkedHashMap<>();
        c.put("hub_tracking_id", r -> r.referral().trackingId().toString());
        c.put("hub_sender_partner_id", r -> r.referral().senderPartnerId());
        c.put("hub_rendered_at", r -> CouncilReferralJsonRenderer.instant(r.context().renderedAt()));
        c.put("case_ref", r -> r.model().sourceRef());
        c.put("contact_ref", r -> r.model().incidentRef());
        c.put("referral_type", r -> toCouncil(REFERRAL_TYPE, r.model().referralType()));
        c.put("referral_kind", r -> r.model().referralKind() == null ? "REFERRAL" : r.model().referralKind());
        c.put("purpose", r -> r.model().purpose());
        c.put("priority", r -> toCouncil(PRIORITY, r.model().priority() == null ? "routine" : r.model().priority()));
        c.put("concerns", r -> r.model().concerns().stream().map(x -> toCouncil(CONCERN, x))
                .collect(Collectors.joining(LIST_SEPARATOR)));
        c.put("classification", r -> r.model().classification().marking());
        c.put("classification_descriptors", r -> String.join(LIST_SEPARATOR, r.model().classification().descriptors()));
        c.put("restricted_disclosure", r -> yesNo(r.model().restrictedDisclosure()));
        c.put("person_id", r -> CouncilReferralJsonRenderer.identifier(r.model().subject().identifiers(),
                laPerson(r.context().recipientPartnerId())));
        c.put("nhs_number", r -> nhsNumber(r));
        c.put("nhs_number_verified", r -> nhsNumber(r) == null ? null
                : yesNo(VERIFIED.equals(r.model().subject().nhsNumberVerification())));
        c.put("forenames", r -> r.name() == null ? null : String.join(" ", r.name().given()));
        c.put("surname", r -> r.name() == null ? null : r.name().family());
        c.put("known_as", r -> r.name() == null ? null : String.join(LIST_SEPARATOR, r.name().aliases()));
        c.put("date_of_birth", r -> CouncilReferralJsonRenderer.date(r.model().subject().birthDate()));
        c.put("date_of_birth_estimated", r -> yesNo(r.model().subject().birthDateApproximate()));
        c.put("gender", r -> toCouncilOrNull(GENDER, r.model().subject().gender()));
        c.put("address_type", r -> r.address() == null ? null
                : toCouncil(ADDRESS_TYPE, r.address().use() == null ? "home" : r.address().use()));
        c.put("address_lines", r -> r.address() == null ? null : String.join(", ", r.address().lines()));
        c.put("address_town", r -> r.address() == null ? null : r.address().city());
        c.put("address_county", r -> r.address() == null ? null : r.address().district());
        c.put("address_postcode", r -> r.address() == null ? null : r.address().postcode());
        c.put("address_uprn", r -> r.address() == null ? null : r.address().uprn());
        c.put("address_count", r -> Integer.toString(r.model().subject().addresses().size()));
        for (int i = 0; i < CONTACT_SLOTS; i++) {
            int slot = i;
            String p = "contact_" + (i + 1) + "_";
            c.put(p + "channel", r -> r.contact(slot) == null ? null : toCouncil(CONTACT_CHANNEL, r.contact(slot).system()));
            c.put(p + "value", r -> r.contact(slot) == null ? null : r.contact(slot).value());
            c.put(p + "safe_to_contact", r -> r.contact(slot) == null ? null : yesNo(r.contact(slot).safeToContact()));
            c.put(p + "safe_times", r -> r.contact(slot) == null ? null : r.contact(slot).safeTimes());
        }
        c.put("contact_count", r -> Integer.toString(r.model().subject().contacts().size()));
        c.put("language", r -> r.model().subject().language());
        c.put("interpreter_required", r -> yesNo(r.model().subject().interpreterRequired()));
        c.put("communication_needs", r -> r.model().subject().communicationNeeds());
        c.put("gp_practice_code", r -> r.model().subject().gpOdsCode());
        c.put("summary", r -> r.model().narrative());
        c.put("incident_at", r -> CouncilReferralJsonRenderer.instant(r.model().occurredAt()));
        c.put("requested_action", r -> r.model().requestedAction());
        c.put("needs", r -> r.needs("NEED"));
        c.put("what_matters", r -> r.needs("WHAT_MATTERS"));
        c.put("risk_tool", r -> r.model().risk() == null ? null : r.model().risk().tool());
        c.put("risk_score", r -> r.model().risk() == null || r.model().risk().score() == null ? null
                : r.model().risk().score().toString());
        c.put("risk_rating", r -> r.model().risk() == null ? null : toCouncil(RISK_RATING, r.model().risk().grade()));
        c.put("risk_professional_judgement", r -> r.model().risk() == null ? null
                : yesNo(r.model().risk().professionalJudgementApplied()));
        c.put("risk_judgement_reason", r -> r.model().risk() == null ? null : r.model().risk().judgementReason());
        c.put("marac_referral", r -> r.model().risk() == null ? null : yesNo(r.model().risk().maracReferral()));
        c.put("household_count", r -> Integer.toString(r.model().relatedPersons().size()));
        for (int i = 0; i < HOUSEHOLD_SLOTS; i++) {
            int slot = i;
            String p = "household_" + (i + 1) + "_";
            c.put(p + "role", r -> r.member(slot) == null ? null : toCouncil(HOUSEHOLD_ROLE, r.member(slot).role()));
            c.put(p + "forenames", r -> r.member(slot) == null || r.member(slot).name() == null ? null
                    : String.join(" ", r.member(slot).name().given()));
            c.put(p + "surname", r -> r.member(slot) == null || r.member(slot).name() == null ? null
                    : r.member(slot).name().family());
            c.put(p + "date_of_birth", r -> r.member(slot) == null ? null
                    : CouncilReferralJsonRenderer.date(r.member(slot).birthDate()));
            c.put(p + "relationship", r -> r.member(slot) == null ? null : r.member(slot).relationship());
            c.put(p + "present_at_incident", r -> r.member(slot) == null ? null
                    : yesNo(r.member(slot).presentAtIncident()));
        }
        professional(c, "worker_", Row::requester);
        professional(c, "manager_", Row::supervisor);
        c.put("consent_status", r -> toCouncil(CONSENT_STATUS, r.model().consent().status()));
        c.put("consent_reason", r -> r.model().consent().reason());
        c.put("consent_recorded_at", r -> CouncilReferralJsonRenderer.instant(r.model().consent().recordedAt()));
        return c;
    }

    private static void professional(Map<String, Function<Row, String>> c, String prefix,
                                     Function<Row, Professional> of) {
        c.put(prefix + "name", r -> of.apply(r) == null ? null : of.apply(r).name());
        c.put(prefix + "staff_id", r -> of.apply(r) == null ? null : of.apply(r).identifier());
        c.put(prefix + "role", r -> of.apply(r) == null ? null : of.apply(r).role());
        c.put(prefix + "team", r -> of.apply(r) == null ? null : of.apply(r).team());
        c.put(prefix + "organisation", r -> of.apply(r) == null ? null : of.apply(r).organisation());
        c.put(prefix + "phone", r -> of.apply(r) == null ? null : of.apply(r).phone());
        c.put(prefix + "email", r -> of.apply(r) == null ? null : of.apply(r).email());
    }

    private static String nhsNumber(Row r) {
        return CouncilReferralJsonRenderer.identifier(r.model().subject().identifiers(), JunctionSystems.NHS_NUMBER);
    }

    private static String yesNo(Boolean value) {
        return value == null ? null : value ? "Y" : "N";
    }
}
