package org.junction.mappings.council;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junction.mappings.canonical.Referral;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/council-referral-csv-v1}: the canonical
 * Bundle in {@code input.json} renders byte for byte to {@code expected.csv}, which parses back as
 * a header and one row of the same width.
 */
class CouncilReferralCsvRendererGoldenTest {

    private final CouncilReferralCsvRenderer renderer = new CouncilReferralCsvRenderer();

    @TestFactory
    Stream<DynamicTest> eachCanonicalReferralRendersAsRecordedCsv() {
        return GoldenFiles.eachCase(CouncilReferralCsvRenderer.ID, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        Referral referral = Referral.of(Fhir.parseBundle(Files.readString(dir.resolve("input.json"))));

        String csv = new String(renderer.render(referral, CouncilFixtures.RENDER), UTF_8);

        GoldenFiles.assertText(dir.resolve("expected.csv"), csv);
        List<List<String>> rows = Rfc4180.parse(csv);
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsExactlyElementsOf(CouncilReferralCsvRenderer.COLUMNS);
        assertThat(rows.get(1)).hasSameSizeAs(CouncilReferralCsvRenderer.COLUMNS);
        assertThat(rows.get(1)).as("no cell a spreadsheet would run as a formula")
                .noneMatch(cell -> !cell.isEmpty() && "=+-@".indexOf(cell.charAt(0)) >= 0);
    }
}
