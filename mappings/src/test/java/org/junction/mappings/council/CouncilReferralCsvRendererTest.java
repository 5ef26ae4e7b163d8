package org.junction.mappings.council;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CouncilReferralCsvRendererTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+44 7700 900123", "-2", "@SUM(A1)", "\tTAB", "\rCR"})
    void cellThatASpreadsheetWouldRunIsDefusedWithAnApostrophe(String value) {
        String cell = CouncilReferralCsvRenderer.cell(value);

        assertThat(Rfc4180.parse(cell + "\r\n")).containsExactly(List.of("'" + value));
    }

    @Test
    void cellWithACommaQuoteOrLineBreakIsQuotedAndReadsBack() {
        for (String value : List.of("a,b", "say \"hi\"", "one\ntwo", "one\r\ntwo")) {
            String cell = CouncilReferralCsvRenderer.cell(value);

            assertThat(cell).startsWith("\"").endsWith("\"");
            assertThat(Rfc4180.parse(cell + "\r\n")).containsExactly(List.of(value));
        }
    }

    @Test
    void plainAndMissingValuesAreWrittenAsTheyAre() {
        assertThat(CouncilReferralCsvRenderer.cell("Zoë Ní Bhriain")).isEqualTo("Zoë Ní Bhriain");
        assertThat(CouncilReferralCsvRenderer.cell(null)).isEmpty();
        assertThat(CouncilReferralCsvRenderer.cell("")).isEmpty();
    }

    @Test
    void fileIsUtf8WithoutAByteOrderMarkAndEndsEachRecordWithCrLf() throws Exception {
        Referral referral = Referral.of(Fhir.parseBundle(Files.readString(
                GoldenFiles.dir(CouncilReferralCsvRenderer.ID).resolve("from-council-early-help-full/input.json"))));

        byte[] csv = new CouncilReferralCsvRenderer().render(referral, CouncilFixtures.RENDER);

        assertThat(csv[0]).isEqualTo((byte) 'h');
        String text = new String(csv, UTF_8);
        assertThat(text).contains("Zoë").endsWith("\r\n");
        assertThat(Rfc4180.parse(text)).hasSize(2);
    }

    @Test
    void columnNamesAreUniqueSnakeCaseAndAsManyAsDocumented() {
        assertThat(CouncilReferralCsvRenderer.COLUMNS).hasSize(89).doesNotHaveDuplicates()
                .allMatch(c -> c.matches("[a-z][a-z0-9_]*"));
    }
}
