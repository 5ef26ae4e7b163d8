package org.junction.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtemisPerfTest {

    @TempDir
    Path dir;

    /** Two warm-up seconds, then three measured seconds of 100, 100 and 70 received, then the summary. */
    private Path report(String result) throws Exception {
        String interval = """
                {"sampleType":"interval","warmup":%s,"time":%d,"sent":%d,"completed":%d,"received":%d}""";
        String json = "[" + String.join(",",
                interval.formatted(true, 1000, 0, 0, 0),
                interval.formatted(true, 2000, 50, 50, 50),
                interval.formatted(false, 3000, 100, 100, 100),
                interval.formatted(false, 4000, 100, 100, 100),
                interval.formatted(false, 5000, 100, 100, 70),
                """
                {"sampleType":"summary","result":"%s","totalSent":300,"totalCompleted":300,"totalReceived":270,
                 "totalSendTime":{"50":180,"99":2900},"totalTransferTime":{"50":1800,"99":389000}}""".formatted(result))
                + "]";
        Path file = dir.resolve("b0.json");
        Files.writeString(file, json);
        return file;
    }

    @Test
    void rateCountsOnlyTheMeasuredSecondsAndPercentilesComeFromTheSummary() throws Exception {
        ArtemisPerf perf = ArtemisPerf.read(report("success"));

        assertThat(perf.receivedPerSecond()).isEqualTo(90.0);
        assertThat(perf.sendP99()).isEqualTo(2900);
        assertThat(perf.transferP99()).isEqualTo(389000);
    }

    @Test
    void aRateIsSustainedOnlyWhenAlmostEverythingSentArrivedAtThatRate() throws Exception {
        ArtemisPerf perf = ArtemisPerf.read(report("success"));

        // 270 of 300 received: behind, whatever the rate asked for.
        assertThat(perf.sustains(90)).isFalse();
        assertThat(new ArtemisPerf(90, 300, 300, 299, 1, 1, 1, 1_500_000, true).sustains(90)).isFalse();
        assertThat(new ArtemisPerf(90, 300, 300, 299, 1, 1, 1, 900_000, true).sustains(90)).isTrue();
        assertThat(new ArtemisPerf(80, 300, 300, 299, 1, 1, 1, 900_000, true).sustains(90)).isFalse();
    }
}
