package org.junction.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads the JSON report of {@code artemis perf client --json} (latencies in microseconds): the
 * rate messages went through once warm-up was over, and the send and transfer percentiles.
 * "send" is from a send's start to the broker's confirmation that the message is durable; "transfer"
 * from the send's start to its receipt by the consumer.
 */
record ArtemisPerf(double receivedPerSecond, long sent, long completed, long received, long sendP50, long sendP99,
                   long transferP50, long transferP99, boolean success) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ArtemisPerf read(Path report) throws IOException {
        JsonNode samples = JSON.readTree(report.toFile());
        JsonNode summary = null;
        long previous = -1;
        long first = -1;
        long last = -1;
        long received = 0;
        for (JsonNode sample : samples) {
            if ("summary".equals(sample.path("sampleType").asText())) {
                summary = sample;
                continue;
            }
            long time = sample.path("time").asLong();
            if (sample.path("warmup").asBoolean()) {
                previous = time;
                continue;
            }
            if (first < 0) {
                first = previous >= 0 ? previous : time;
            }
            last = time;
            received += sample.path("received").asLong();
        }
        if (summary == null) {
            throw new IOException(report + " has no summary: the run did not finish");
        }
        double seconds = (last - first) / 1000.0;
        return new ArtemisPerf(seconds <= 0 ? 0 : received / seconds, summary.path("totalSent").asLong(),
                summary.path("totalCompleted").asLong(), summary.path("totalReceived").asLong(),
                summary.path("totalSendTime").path("50").asLong(), summary.path("totalSendTime").path("99").asLong(),
                summary.path("totalTransferTime").path("50").asLong(),
                summary.path("totalTransferTime").path("99").asLong(),
                "success".equals(summary.path("result").asText()));
    }

    /** Sustained at {@code offered}: kept up with it, everything sent arrived, and the transfer tail is under the SLO. */
    boolean sustains(double offered) {
        return success && receivedPerSecond >= 0.95 * offered && received >= 0.99 * sent
                && transferP99 < LoadSteps.SLO_MICROS;
    }

    /** {@code rate <report>}: the all-out rate, whole messages a second. */
    public static void main(String[] args) throws IOException {
        if (args.length == 2 && args[0].equals("rate")) {
            System.out.println((long) read(Path.of(args[1])).receivedPerSecond());
        } else {
            throw new IllegalArgumentException("usage: ArtemisPerf rate <report.json>");
        }
    }
}
