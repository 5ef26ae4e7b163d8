package org.junction.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SummaryTest {

    @TempDir
    Path dir;

    @Test
    void theMedianIsTheMiddleValueOrTheMeanOfTheMiddleTwo() {
        assertThat(Summary.medianOf(List.of(0.46, 0.25, 0.61))).isEqualTo(0.46);
        assertThat(Summary.medianOf(List.of(0.2, 0.4, 0.3, 0.1))).isCloseTo(0.25, Offset.offset(1e-9));
        assertThat(Summary.medianOf(List.of())).isNull();
    }

    /** Each ratio's median is taken over the runs' own ratios, and a figure a run lacks is left out. */
    @Test
    void medianOfRepetitionsReadsEachRunsResults() throws Exception {
        Path first = run("rep-1", 0.46, 140, 65);
        Path second = run("rep-2", 0.25, 260, 65);
        Path third = run("rep-3", 0.70, 100, 70);
        Files.writeString(third.resolve("results.json"), """
                {"ratios": {"hubOverPassthrough": 0.70}, "b1": {"mst": 100}, "h1": {"mst": 70}}""");

        Summary.main(new String[] {"median", dir.toString(), first.toString(), second.toString(), third.toString()});

        JsonNode median = new ObjectMapper().readTree(dir.resolve("median.json").toFile());
        assertThat(median.path("runs").toString()).isEqualTo("[\"rep-1\",\"rep-2\",\"rep-3\"]");
        assertThat(median.path("ratios.hubOverPassthrough").path("median").asDouble()).isEqualTo(0.46);
        assertThat(median.path("b1.mst").path("median").asDouble()).isEqualTo(140);
        assertThat(median.path("ratios.hubOverRawArtemis").path("runs")).hasSize(2);
        assertThat(median.path("ratios.hubOverRawArtemis").path("median").asDouble()).isCloseTo(0.0325, Offset.offset(1e-9));
    }

    /** The cost comparison reads each configuration's MST step, not its failing or higher ones. */
    @Test
    void reportComparesTheCpuPerReferralOfEachMstStep() throws Exception {
        Path run = Files.createDirectories(dir.resolve("run"));
        Files.writeString(run.resolve("b1.json"), steps(960, step(960, true, 1.2, 0.5, 0.0), step(1280, false, 1.1, 0.5, 0.0)));
        Files.writeString(run.resolve("h1.json"), steps(180, step(160, true, 6.5, 1.1, 4.1), step(180, true, 5.9, 0.7, 4.0),
                step(200, false, 5.8, 0.7, 3.8)));

        Summary.main(new String[] {"report", run.toString()});

        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.path("ratios").path("hubOverPassthrough").asDouble()).isCloseTo(0.1875, Offset.offset(1e-9));
        assertThat(results.path("ratios").path("hubCpuOverPassthroughCpu").asDouble())
                .isCloseTo((5.9 + 0.7 + 4.0) / (1.2 + 0.5), Offset.offset(1e-9));
    }

    @Test
    void stepsThatRecordedNoCostGiveNoCostRatio() throws Exception {
        Path run = Files.createDirectories(dir.resolve("old"));
        Files.writeString(run.resolve("b1.json"), steps(280, """
                {"rate": 280, "passed": true, "ack": {}, "endToEnd": {}, "load": ""}"""));
        Files.writeString(run.resolve("h1.json"), steps(140, step(140, true, 6.8, 0.8, 4.0)));

        Summary.main(new String[] {"report", run.toString()});

        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.path("ratios").path("hubOverPassthrough").asDouble()).isEqualTo(0.5);
        assertThat(results.path("ratios").has("hubCpuOverPassthroughCpu")).isFalse();
    }

    private static String steps(double mst, String... steps) {
        return "{\"mst\": " + mst + ", \"steps\": [" + String.join(", ", steps) + "]}";
    }

    private static String step(double rate, boolean passed, double tested, double generator, double rest) {
        return """
                {"rate": %s, "passed": %s, "ack": {"p50": 8100, "p99": 39600}, "endToEnd": {"p50": 45200, "p99": 389600},
                 "load": "1 1 1 / 1 1 1", "cpu": {"machineBusyShare": 0.9, "testedMsPerReferral": %s,
                 "loadGeneratorMsPerReferral": %s, "restMsPerReferral": %s}}""".formatted(rate, passed, tested, generator, rest);
    }

    private Path run(String name, double r1, double b1, double h1) throws Exception {
        Path run = Files.createDirectories(dir.resolve(name));
        Files.writeString(run.resolve("results.json"), """
                {"ratios": {"hubOverPassthrough": %s, "hubOverRawArtemis": %s},
                 "b1": {"mst": %s}, "h1": {"mst": %s}}""".formatted(r1, h1 / 2000, b1, h1));
        return run;
    }
}
