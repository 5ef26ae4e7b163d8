package org.junction.bench;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junction.mappings.BulkInboundMapper.RowResult;
import org.junction.mappings.fhir.Fhir;
import org.junction.mappings.highdemand.PoliceHighDemandCsvMapper;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The police high-demand CSV feed: a file of {@code rows} copies of a full fixture row (quoted
 * fields, NHS number, categories and flags) -> one canonical Bundle per row -> FHIR JSON each.
 * Time is per file; divide by {@code rows} for the cost of a row.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HighDemandCsvBenchmark {

    static final String FIXTURE = "police-high-demand-csv-v1/full-rows-bom-crlf-quoted-fields/input.csv";

    @Param({"1", "100"})
    public int rows;

    private final PoliceHighDemandCsvMapper mapper = new PoliceHighDemandCsvMapper();
    private byte[] file;

    @Setup
    public void setUp() {
        String fixture = new String(BenchInputs.fixture(FIXTURE), StandardCharsets.UTF_8);
        String header = fixture.substring(0, fixture.indexOf("\r\n"));
        // The fixture's first data row ends where its second begins.
        String firstRow = fixture.substring(header.length() + 2, fixture.indexOf("\r\nHD-2026H2-0002"));
        StringBuilder csv = new StringBuilder(header).append("\r\n");
        for (int i = 0; i < rows; i++) {
            csv.append(firstRow.replace("HD-2026H2-0001", "HD-2026H2-" + (10_000 + i))).append("\r\n");
        }
        file = csv.toString().getBytes(StandardCharsets.UTF_8);
        List<RowResult> results = mapRows();
        if (results.size() != rows || !results.stream().allMatch(RowResult::mapped)) {
            throw new IllegalStateException("the benchmark file no longer maps cleanly");
        }
    }

    private List<RowResult> mapRows() {
        return mapper.mapRows(file, row -> BenchInputs.context("bench-police", row));
    }

    /** Parse the file, validate each row and build its canonical Bundle. */
    @Benchmark
    public List<RowResult> toCanonical() {
        return mapRows();
    }

    /** As {@link #toCanonical()}, then serialise every Bundle as FHIR JSON. */
    @Benchmark
    public void toCanonicalFhirJson(Blackhole sink) {
        for (RowResult result : mapRows()) {
            sink.consume(Fhir.toJson(result.bundle()));
        }
    }
}
