package org.junction.mappings.highdemand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junction.mappings.BulkInboundMapper.RowContexts;
import org.junction.mappings.BulkInboundMapper.RowResult;
import org.junction.mappings.MappingContext;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/police-high-demand-csv-v1}: {@code input.csv}
 * maps to {@code expected.json} (each row's Bundle or violations, by row number), or the whole file
 * is refused with exactly {@code expected-violations.json}. Run with {@code -Dgolden.update=true}
 * to rewrite the expected files, then review the diff.
 */
class PoliceHighDemandCsvMapperGoldenTest {

    /** Row n gets tracking id ...-00000000000n, as a caller deriving ids from the file would. */
    static final RowContexts ROWS = row -> new MappingContext(
            UUID.fromString(String.format("7a1c0d2e-4b3f-4c5d-8e6f-%012d", row)),
            Fixtures.CONTEXT.senderPartnerId(), "feed-2026H2", null, Fixtures.CONTEXT.receivedAt());

    private final PoliceHighDemandCsvMapper mapper = new PoliceHighDemandCsvMapper();

    @TestFactory
    Stream<DynamicTest> eachFixtureMapsAsRecorded() {
        return GoldenFiles.eachCase(PoliceHighDemandCsvMapper.ID, 5, this::check);
    }

    private void check(Path dir) throws IOException {
        Path expectedRows = dir.resolve("expected.json");
        Path expectedViolations = dir.resolve("expected-violations.json");
        byte[] input = GoldenFiles.read(dir.resolve("input.csv"));

        List<RowResult> results;
        try {
            results = mapper.mapRows(input, ROWS);
        } catch (MappingException e) {
            GoldenFiles.deleteUnderUpdate(expectedRows);
            GoldenFiles.assertViolations(expectedViolations, e.violations());
            return;
        }
        GoldenFiles.deleteUnderUpdate(expectedViolations);
        GoldenFiles.assertJson(expectedRows, asJson(results));
    }

    static JsonNode asJson(List<RowResult> results) throws IOException {
        ObjectNode root = GoldenFiles.JSON.createObjectNode();
        ArrayNode rows = root.putArray("rows");
        for (RowResult result : results) {
            ObjectNode row = rows.addObject();
            row.put("row", result.rowNumber());
            if (result.mapped()) {
                row.set("bundle", GoldenFiles.JSON.readTree(Fhir.toJson(result.bundle())));
            } else {
                row.set("violations", GoldenFiles.JSON.valueToTree(result.violations()));
            }
        }
        return root;
    }
}
