package org.junction.mappings.highdemand;

import static org.junction.mappings.fhir.JunctionSystems.NHS_NUMBER;
import static org.junction.mappings.fhir.JunctionSystems.policeNominal;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.junction.mappings.BulkInboundMapper;
import org.junction.mappings.MappingContext;
import org.junction.mappings.canonical.ReferralBundles;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.codes.CodeTables;
import org.junction.mappings.nhs.NhsNumber;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.schema.JsonSchemas;

/**
 * The police "high demand" data feed, CSV version 1: the scheduled (typically six-monthly) list of
 * people in frequent contact with police that a force shares for partnership triage. Each data
 * row becomes one canonical referral of type {@code HIGH_DEMAND}.
 *
 * <p>A file is refused as a whole only when it cannot be read as this format at all (not UTF-8, a
 * quoted field never closed, a header that is not exactly this format's columns). Otherwise each
 * row stands alone: a row is turned into a JSON object of its non-empty cells, validated against
 * {@code schemas/police-high-demand-csv-v1.schema.json}, checked against the business rules, and
 * either mapped or reported with all its violations under its row number.
 */
public final class PoliceHighDemandCsvMapper implements BulkInboundMapper {

    public static final String ID = "police-high-demand-csv-v1";

    /** Every column, in the order the format documents them; a file may order them freely. */
    public static final List<String> COLUMNS = List.of(
            "record_ref", "nominal_id", "given_names", "family_name", "birth_date", "gender_code", "nhs_number",
            "address_line_1", "address_line_2", "town", "postcode",
            "contact_count", "period_start", "period_end", "last_contact_date",
            "incident_categories", "vulnerability_flags", "risk_grade", "purpose",
            "officer_name", "officer_id", "team");

    static final String GENDER_MAP = "police-gender";
    static final String CATEGORY_MAP = "police-high-demand-category";
    static final String FLAG_MAP = "police-high-demand-flag";
    static final String RISK_GRADE_MAP = "police-risk-grade";

    /** Purpose of use when the row leaves it empty: the feed is shared to protect the people on it. */
    static final String DEFAULT_PURPOSE = "PATSFTY";

    static final String REFERRAL_TYPE = "HIGH_DEMAND";
    static final String CONCERN = "HIGH_DEMAND";
    // A list to triage, not a request for a particular service.
    static final String REFERRAL_KIND = "INFORMATION_ONLY";
    static final String RISK_TOOL = "LOCAL";
    static final String NHS_NUMBER_PRESENT_NOT_TRACED = "02";
    static final String CONSENT_STATUS = "NOT_ASKED";
    static final String CONSENT_REASON =
            "Shared in the police high-demand data feed; consent is not sought for people on the list";

    private static final String UNKNOWN_COLUMN = "is not a column of " + ID;
    private static final Pattern PRINTABLE_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]{0,63}");
    private static final Pattern LIST_SEPARATOR = Pattern.compile(";");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final char BOM = '\uFEFF';

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<RowResult> mapRows(byte[] input, RowContexts rowContext) {
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(rowContext, "rowContext");
        List<CsvRecords.CsvRecord> records = records(decode(input));

        int first = firstNonBlank(records);
        if (first < 0) {
            throw fileProblem(Violation.malformed("$", "has no header row"));
        }
        int[] columnOf = header(records.get(first));

        List<RowResult> results = new ArrayList<>();
        int rowNumber = 0;
        for (int r = first + 1; r < records.size(); r++) {
            CsvRecords.CsvRecord record = records.get(r);
            if (record.isBlank()) {
                continue;
            }
            rowNumber++;
            results.add(row(rowNumber, record, columnOf, rowContext));
        }
        return List.copyOf(results);
    }

    private static String decode(byte[] input) {
        try {
            String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(input))
                    .toString();
            // Spreadsheet programs start UTF-8 CSV with a byte order mark; it is not part of the first column's name.
            return !text.isEmpty() && text.charAt(0) == BOM ? text.substring(1) : text;
        } catch (CharacterCodingException e) {
            throw fileProblem(Violation.malformed("$", "is not UTF-8 text"));
        }
    }

    private static List<CsvRecords.CsvRecord> records(String text) {
        try {
            return CsvRecords.parse(text);
        } catch (CsvRecords.UnterminatedQuoteException e) {
            throw fileProblem(Violation.malformed("$",
                    "has a quoted field that is never closed (opened in record " + (e.recordIndex() + 1)
                            + ", counting the header as record 1)"));
        } catch (CsvRecords.LimitExceededException e) {
            // The message names counts and record numbers only, never content.
            throw fileProblem(Violation.malformed("$", e.getMessage() + " (counting the header as record 1)"));
        }
    }

    private static int firstNonBlank(List<CsvRecords.CsvRecord> records) {
        for (int i = 0; i < records.size(); i++) {
            if (!records.get(i).isBlank()) {
                return i;
            }
        }
        return -1;
    }

    /** For each column of {@link #COLUMNS}, its position in the file. */
    private static int[] header(CsvRecords.CsvRecord header) {
        List<Violation> violations = new ArrayList<>();
        if (header.problem() != null) {
            violations.add(Violation.malformed("header", header.problem()));
        }
        Map<String, Integer> position = new HashMap<>();
        Set<String> reportedDuplicates = new HashSet<>();
        for (int i = 0; i < header.fields().size(); i++) {
            String name = header.fields().get(i).strip();
            if (!COLUMNS.contains(name)) {
                String shown = PRINTABLE_NAME.matcher(name).matches() ? "header." + name : "header[" + i + "]";
                violations.add(Violation.malformed(shown, UNKNOWN_COLUMN));
            } else if (position.putIfAbsent(name, i) != null && reportedDuplicates.add(name)) {
                violations.add(Violation.malformed("header." + name, "appears more than once"));
            }
        }
        for (String column : COLUMNS) {
            if (!position.containsKey(column)) {
                violations.add(Violation.malformed("header." + column, "is missing"));
            }
        }
        if (!violations.isEmpty()) {
            throw new MappingException(ID, violations);
        }
        int[] columnOf = new int[COLUMNS.size()];
        for (int c = 0; c < COLUMNS.size(); c++) {
            columnOf[c] = position.get(COLUMNS.get(c));
        }
        return columnOf;
    }

    private static RowResult row(int rowNumber, CsvRecords.CsvRecord record, int[] columnOf, RowContexts rowContext) {
        int expected = columnOf.length;
        if (record.fields().size() != expected) {
            return failed(rowNumber, List.of(Violation.malformed("$",
                    "has " + record.fields().size() + " fields where the header has " + expected)));
        }
        if (record.problem() != null) {
            return failed(rowNumber, List.of(Violation.malformed("$", record.problem())));
        }
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        for (int c = 0; c < COLUMNS.size(); c++) {
            String value = record.fields().get(columnOf[c]).strip();
            if (!value.isEmpty()) {
                row.put(COLUMNS.get(c), value);
            }
        }
        List<Violation> schemaViolations = JsonSchemas.validate(ID, row);
        if (!schemaViolations.isEmpty()) {
            return failed(rowNumber, schemaViolations);
        }
        MappingContext ctx = rowContext.forRow(rowNumber);
        LocalDate today = LocalDate.ofInstant(ctx.receivedAt(), ZoneOffset.UTC);
        List<Violation> violations = new ArrayList<>();
        ReferralModel model = new RowReader(row, today, ctx.senderPartnerId(), violations).model();
        if (!violations.isEmpty()) {
            return failed(rowNumber, violations);
        }
        Bundle bundle = ReferralBundles.toBundle(model, ctx);
        return new RowResult(rowNumber, bundle, List.of());
    }

    private static RowResult failed(int rowNumber, List<Violation> violations) {
        return new RowResult(rowNumber, null, violations);
    }

    private static MappingException fileProblem(Violation violation) {
        return new MappingException(ID, List.of(violation));
    }

    /** Business rules and the canonical model for one row that has passed the schema. */
    private static final class RowReader {
        private final ObjectNode row;
        private final LocalDate today;
        private final String senderPartnerId;
        private final List<Violation> violations;

        RowReader(ObjectNode row, LocalDate today, String senderPartnerId, List<Violation> violations) {
            this.row = row;
            this.today = today;
            this.senderPartnerId = senderPartnerId;
            this.violations = violations;
        }

        ReferralModel model() {
            LocalDate birthDate = date("birth_date");
            if (birthDate != null && birthDate.isAfter(today)) {
                violations.add(Violation.rule("birth_date", "must not be in the future"));
            }
            String gender = translate("gender_code", GENDER_MAP);
            String nhsNumber = nhsNumber();
            int contactCount = Integer.parseInt(text("contact_count"));
            if (contactCount < 1) {
                violations.add(Violation.rule("contact_count", "must be at least 1"));
            }
            LocalDate periodStart = date("period_start");
            LocalDate periodEnd = date("period_end");
            LocalDate lastContact = date("last_contact_date");
            period(periodStart, periodEnd, lastContact);
            List<String> concerns = new ArrayList<>();
            concerns.add(CONCERN);
            concerns.addAll(codeList("incident_categories", CATEGORY_MAP));
            concerns.addAll(codeList("vulnerability_flags", FLAG_MAP));
            String riskGrade = text("risk_grade") == null ? null : translate("risk_grade", RISK_GRADE_MAP);
            if (!violations.isEmpty()) {
                return null;
            }

            List<ReferralModel.PersonIdentifier> identifiers = new ArrayList<>();
            if (nhsNumber != null) {
                identifiers.add(new ReferralModel.PersonIdentifier(NHS_NUMBER, nhsNumber));
            }
            identifiers.add(new ReferralModel.PersonIdentifier(policeNominal(senderPartnerId), text("nominal_id")));
            ReferralModel.Name name = new ReferralModel.Name(
                    List.of(WHITESPACE.split(text("given_names"))), text("family_name"), List.of());
            ReferralModel.Subject subject = new ReferralModel.Subject(identifiers,
                    nhsNumber == null ? null : NHS_NUMBER_PRESENT_NOT_TRACED, name, birthDate, false, gender,
                    address(), List.of(), null, false, null, null);
            ReferralModel.Risk risk = riskGrade == null ? null
                    : new ReferralModel.Risk(RISK_TOOL, null, riskGrade, false, null, null);
            ReferralModel.Professional requester = new ReferralModel.Professional(text("officer_name"),
                    text("officer_id"), null, null, text("team"), null, null);
            String purpose = Optional.ofNullable(text("purpose")).orElse(DEFAULT_PURPOSE);
            return new ReferralModel(text("record_ref"), null, REFERRAL_TYPE, REFERRAL_KIND, purpose, "routine",
                    subject, List.of(), List.copyOf(new LinkedHashSet<>(concerns)),
                    narrative(contactCount, periodStart, periodEnd, lastContact), null, null, risk, requester, null,
                    new ReferralModel.ConsentSummary(CONSENT_STATUS, CONSENT_REASON, null),
                    ReferralModel.Classification.officialSensitivePersonal(), false, List.of());
        }

        // The feed's counts and dates have no field of their own in the canonical model, so they
        // are stated in the narrative, in fixed wording built only from validated values.
        private static String narrative(int contactCount, LocalDate start, LocalDate end, LocalDate last) {
            return "Listed in the police high-demand data feed: " + contactCount + " contact"
                    + (contactCount == 1 ? "" : "s") + " with police between " + start + " and " + end
                    + "; last contact " + last + ".";
        }

        private void period(LocalDate start, LocalDate end, LocalDate last) {
            if (start != null && end != null && end.isBefore(start)) {
                violations.add(Violation.rule("period_end", "must not be before period_start"));
            }
            if (end != null && end.isAfter(today)) {
                violations.add(Violation.rule("period_end", "must not be in the future"));
            }
            if (last != null && start != null && end != null && (last.isBefore(start) || last.isAfter(end))) {
                violations.add(Violation.rule("last_contact_date", "must fall within the period"));
            }
        }

        private List<ReferralModel.Address> address() {
            List<String> lines = new ArrayList<>();
            Optional.ofNullable(text("address_line_1")).ifPresent(lines::add);
            Optional.ofNullable(text("address_line_2")).ifPresent(lines::add);
            String town = text("town");
            String postcode = postcode(text("postcode"));
            if (lines.isEmpty() && town == null && postcode == null) {
                // No fixed abode is common on this list: the person simply has no address.
                return List.of();
            }
            return List.of(new ReferralModel.Address("home", lines, town, null, postcode, null));
        }

        private static String postcode(String value) {
            if (value == null) {
                return null;
            }
            String compact = WHITESPACE.matcher(value).replaceAll("").toUpperCase(Locale.ROOT);
            return compact.substring(0, compact.length() - 3) + " " + compact.substring(compact.length() - 3);
        }

        private String nhsNumber() {
            String value = text("nhs_number");
            if (value == null) {
                return null;
            }
            if (!NhsNumber.isValid(value)) {
                violations.add(Violation.rule("nhs_number", "fails the NHS number Modulus 11 check"));
                return null;
            }
            return NhsNumber.normalise(value);
        }

        private List<String> codeList(String column, String conceptMap) {
            String value = text(column);
            if (value == null) {
                return List.of();
            }
            String[] codes = LIST_SEPARATOR.split(value, -1);
            List<String> mapped = new ArrayList<>();
            for (int i = 0; i < codes.length; i++) {
                Optional<String> code = CodeTables.translate(conceptMap, codes[i].strip());
                if (code.isPresent()) {
                    mapped.add(code.get());
                } else {
                    violations.add(Violation.rule(column + "[" + i + "]", "has no mapping in " + conceptMap));
                }
            }
            return mapped;
        }

        private String translate(String column, String conceptMap) {
            Optional<String> code = CodeTables.translate(conceptMap, text(column));
            if (code.isEmpty()) {
                violations.add(Violation.rule(column, "has no mapping in " + conceptMap));
            }
            return code.orElse(null);
        }

        private LocalDate date(String column) {
            String value = text(column);
            if (value == null) {
                return null;
            }
            try {
                return LocalDate.parse(value);
            } catch (DateTimeParseException e) {
                violations.add(Violation.malformed(column, "is not a valid calendar date"));
                return null;
            }
        }

        private String text(String column) {
            return row.hasNonNull(column) ? row.get(column).textValue() : null;
        }
    }
}
