package org.junction.mappings.highdemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junction.mappings.BulkInboundMapper.RowResult;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.canonical.ReferralModel;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junction.mappings.schema.JsonSchemas;
import org.junit.jupiter.api.Test;

class PoliceHighDemandCsvMapperTest {

    private static final String HEADER = String.join(",", PoliceHighDemandCsvMapper.COLUMNS);

    private final PoliceHighDemandCsvMapper mapper = new PoliceHighDemandCsvMapper();

    private static String row(String recordRef, String nhsNumber, String addressLine1) {
        return recordRef + ",NOM-1,Alex,Testperson,1984-06-12,M," + nhsNumber + "," + addressLine1
                + ",,Dorchester,DT1 2AB,14,2026-05-01,2026-10-31,2026-10-28,ASB;MH,,,,,,Partnership Hub";
    }

    @Test
    void theRowSchemaDescribesExactlyTheFormatsColumns() throws Exception {
        assertThat(JsonSchemas.has(PoliceHighDemandCsvMapper.ID)).isTrue();
        JsonNode schema;
        try (InputStream in = getClass().getResourceAsStream("/schemas/police-high-demand-csv-v1.schema.json")) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> properties = new ArrayList<>();
        schema.path("properties").fieldNames().forEachRemaining(properties::add);

        assertThat(properties).containsExactlyElementsOf(PoliceHighDemandCsvMapper.COLUMNS);
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
    }

    @Test
    void rowNumbersCountDataRecordsNotLinesSoAQuotedLineBreakDoesNotShiftThem() {
        String csv = HEADER + "\n"
                + row("R-1", "", "\"Flat 1\nBack door\"") + "\n"
                + "\n"
                + row("R-2", "9990000019", "2 Road") + "\n"
                + row("R-3", "9990000026", "3 Road") + "\n";

        List<RowResult> results = mapper.mapRows(csv.getBytes(StandardCharsets.UTF_8), PoliceHighDemandCsvMapperGoldenTest.ROWS);

        assertThat(results).extracting(RowResult::rowNumber).containsExactly(1, 2, 3);
        assertThat(results).extracting(RowResult::mapped).containsExactly(true, false, true);
        assertThat(results.get(1).violations())
                .containsExactly(Violation.rule("nhs_number", "fails the NHS number Modulus 11 check"));
    }

    @Test
    void eachRowBecomesAHighDemandReferralWithItsOwnTrackingId() {
        String csv = HEADER + "\n" + row("R-1", "", "1 Road") + "\n" + row("R-2", "999 000 0026", "2 Road") + "\n";

        List<RowResult> results = mapper.mapRows(csv.getBytes(StandardCharsets.UTF_8), PoliceHighDemandCsvMapperGoldenTest.ROWS);

        Referral first = Referral.of(results.get(0).bundle());
        Referral second = Referral.of(results.get(1).bundle());
        assertThat(first.trackingId()).isNotEqualTo(second.trackingId());
        assertThat(second.nhsNumber()).contains("9990000026");
        ReferralModel model = first.model();
        assertThat(model.referralType()).isEqualTo("HIGH_DEMAND");
        assertThat(model.concerns()).containsExactly("HIGH_DEMAND", "ASB", "MH");
        assertThat(model.purpose()).isEqualTo(PoliceHighDemandCsvMapper.DEFAULT_PURPOSE);
        assertThat(model.narrative()).contains("14 contacts").contains("2026-10-28");
    }

    @Test
    void aHeaderThatIsNotThisFormatRefusesTheWholeFile() {
        String csv = HEADER.replace("team", "unit") + "\n" + row("R-1", "", "1 Road") + "\n";

        assertThatThrownBy(() -> mapper.mapRows(csv.getBytes(StandardCharsets.UTF_8), PoliceHighDemandCsvMapperGoldenTest.ROWS))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.mapperId()).isEqualTo(PoliceHighDemandCsvMapper.ID);
                    assertThat(e.violations()).containsExactlyInAnyOrder(
                            Violation.malformed("header.unit", "is not a column of police-high-demand-csv-v1"),
                            Violation.malformed("header.team", "is missing"));
                });
    }

    @Test
    void anUnprintableUnknownColumnIsNamedByPositionNotByItsText() {
        String csv = HEADER + ",Zoë's notes\n";

        assertThatThrownBy(() -> mapper.mapRows(csv.getBytes(StandardCharsets.UTF_8), PoliceHighDemandCsvMapperGoldenTest.ROWS))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations())
                        .containsExactly(Violation.malformed("header[22]", "is not a column of police-high-demand-csv-v1")));
    }

    @Test
    void violationsNeverRepeatTheCellValues() {
        String bad = row("R-1", "9990000019", "1 Road").replace("ASB;MH", "ASB;SECRETCODE").replace(",M,", ",Q,");
        String csv = HEADER + "\n" + bad + "\n";

        List<RowResult> results = mapper.mapRows(csv.getBytes(StandardCharsets.UTF_8), PoliceHighDemandCsvMapperGoldenTest.ROWS);

        List<String> said = new ArrayList<>();
        results.get(0).violations().forEach(v -> {
            said.add(v.field());
            said.add(v.reason());
        });
        assertThat(said).isNotEmpty().noneMatch(s -> s.contains("SECRETCODE") || s.contains("9990000019") || s.equals("Q"));
    }

    @Test
    void neverChangesTheInputBytes() {
        byte[] input = (HEADER + "\n" + row("R-1", "", "1 Road") + "\n").getBytes(StandardCharsets.UTF_8);
        byte[] copy = Arrays.copyOf(input, input.length);

        mapper.mapRows(input, PoliceHighDemandCsvMapperGoldenTest.ROWS);

        assertThat(input).isEqualTo(copy);
    }

    @Test
    void aFileBeyondTheCsvLimitsIsRefusedAsAWholeWithoutQuotingIt() {
        String csv = HEADER + "\n" + row("R-1", "", "Oakhollow " + "x".repeat(CsvRecords.Limits.DEFAULT.maxFieldChars())) + "\n";

        assertThatThrownBy(() -> mapper.mapRows(csv.getBytes(StandardCharsets.UTF_8), PoliceHighDemandCsvMapperGoldenTest.ROWS))
                .isInstanceOfSatisfying(MappingException.class, e -> {
                    assertThat(e.violations()).containsExactly(Violation.malformed("$", "record 2 has a field longer than "
                            + CsvRecords.Limits.DEFAULT.maxFieldChars() + " characters (counting the header as record 1)"));
                    assertThat(e.toString()).doesNotContain("Oakhollow");
                });
    }
}
