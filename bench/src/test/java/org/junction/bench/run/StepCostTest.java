package org.junction.bench.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class StepCostTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsAProcessesUserAndSystemTicksPastACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (C2 Compiler) x) S 1 4242 4242 0 -1 4194560 9110 0 0 0 1234 567 0 0 20 0 61 0 300 0 0\n";

        assertThat(StepCost.processTicks(stat)).isEqualTo(1234 + 567);
        assertThat(StepCost.processTicks(null)).isEqualTo(-1);
    }

    @Test
    void splitsTheMachinesTicksIntoBusyAndIdle() {
        String stat = """
                cpu  100 5 40 800 20 3 2 1 0 0
                cpu0 50 2 20 400 10 1 1 0 0 0
                intr 12345
                """;

        long[] ticks = StepCost.machineTicks(stat);

        assertThat(ticks[0]).isEqualTo(100 + 5 + 40 + 3 + 2 + 1);
        assertThat(ticks[1]).isEqualTo(800 + 20);
        assertThat(StepCost.machineTicks("no counters")).containsExactly(-1, -1);
    }

    @Test
    void aStepsCostIsPerAcceptedReferralAndNamesTheDatabasesUpkeep() {
        StepCost cost = new StepCost(-1, null, null, 100);
        var before = new StepCost.Reading(0, 1_000, 500, 10_000, 50_000, 40.0, 2.5,
                new StepCost.Upkeep(7, 300, 12, 20, 1_000_000));
        // 20 s: the tested JVM 15 s of CPU, the load generator 2 s, the machine 30 s busy and 10 s idle.
        var after = new StepCost.Reading(20_000_000_000L, 2_500, 700, 13_000, 51_000, 41.5, 2.75,
                new StepCost.Upkeep(8, 900, 13, 22, 3_000_000));
        ObjectNode step = JSON.createObjectNode();

        cost.put(step, before, after, 1_000);

        assertThat(step.get("jitSeconds").asDouble()).isEqualTo(1.5);
        assertThat(step.get("gcSeconds").asDouble()).isEqualTo(0.25);
        assertThat(step.at("/cpu/seconds").asDouble()).isEqualTo(20.0);
        assertThat(step.at("/cpu/machineBusyShare").asDouble()).isEqualTo(0.75);
        assertThat(step.at("/cpu/testedMsPerReferral").asDouble()).isEqualTo(15.0);
        assertThat(step.at("/cpu/loadGeneratorMsPerReferral").asDouble()).isEqualTo(2.0);
        assertThat(step.at("/cpu/restMsPerReferral").asDouble()).isEqualTo(13.0);
        assertThat(step.at("/database/checkpoints").asLong()).isEqualTo(1);
        assertThat(step.at("/database/checkpointBuffers").asLong()).isEqualTo(600);
        assertThat(step.at("/database/autovacuums").asLong()).isEqualTo(1);
        assertThat(step.at("/database/autoanalyzes").asLong()).isEqualTo(2);
        assertThat(step.at("/database/walBytesPerReferral").asLong()).isEqualTo(2_000);
        assertThat(StepCost.text(step)).isEqualTo("JIT 1.5 s, GC 0.3 s, CPU per referral 15.0 tested / 2.0 generator"
                + " / 13.0 rest ms, machine 75 % busy, checkpoints 1, autovacuums 1, autoanalyzes 2");
    }

    @Test
    void aRestBelowZeroFromCountersSampledApartIsZero() {
        StepCost cost = new StepCost(-1, null, null, 100);
        var before = new StepCost.Reading(0, 100, 100, 1_000, 10_000, -1, -1, null);
        // The processes' counters moved 3 ticks more than the machine's busy total.
        var after = new StepCost.Reading(1_000_000_000L, 110, 103, 1_010, 10_190, -1, -1, null);
        ObjectNode step = JSON.createObjectNode();

        cost.put(step, before, after, 10);

        assertThat(step.at("/cpu/testedMsPerReferral").asDouble()).isEqualTo(10.0);
        assertThat(step.at("/cpu/restMsPerReferral").asDouble()).isEqualTo(0.0);
    }

    @Test
    void aStepWithoutReadingsOrReferralsRecordsNoCost() {
        StepCost cost = new StepCost(-1, null, null, 100);
        var none = new StepCost.Reading(0, -1, 10, -1, -1, -1, -1, null);
        ObjectNode step = JSON.createObjectNode();

        cost.put(step, none, none, 100);

        assertThat(step.isEmpty()).isTrue();
        assertThat(StepCost.text(step)).isEqualTo("JIT -, GC -");
    }

    @Test
    void thisJvmsOwnWindowCostsCpu() throws Exception {
        try (StepCost cost = StepCost.of(Long.toString(ProcessHandle.current().pid()), null)) {
            StepCost.Reading before = cost.start();
            long spin = System.nanoTime() + 200_000_000L;
            double sink = 0;
            while (System.nanoTime() < spin) {
                sink += Math.sqrt(sink + 1);
            }
            StepCost.Reading after = cost.end();
            ObjectNode step = JSON.createObjectNode();

            cost.put(step, before, after, 1);

            assertThat(sink).isPositive();
            assertThat(after.testedTicks()).isGreaterThan(before.testedTicks());
            assertThat(step.at("/cpu/testedMsPerReferral").asDouble()).isGreaterThanOrEqualTo(100);
            assertThat(step.has("jitSeconds")).isTrue();
            assertThat(step.has("database")).isFalse();
        }
    }

    @Test
    void readsPostgresqlsUpkeepCounters() {
        String url = System.getenv("JUNCTION_TEST_POSTGRES_URL");
        assumeTrue(url != null && !url.isBlank(), "JUNCTION_TEST_POSTGRES_URL names the PostgreSQL to read");
        try (StepCost cost = StepCost.of(null, url)) {
            StepCost.Reading reading = cost.start();

            assertThat(reading.upkeep()).isNotNull();
            assertThat(reading.upkeep().checkpoints()).isNotNegative();
            assertThat(reading.upkeep().walBytes()).isPositive();
        }
    }
}
