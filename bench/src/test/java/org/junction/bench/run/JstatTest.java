package org.junction.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JstatTest {

    @Test
    void readsTheTimeColumnOfJstatsCompilerLine() {
        String output = """
                Compiled Failed Invalid   Time   FailedType FailedMethod
                   41873      3       0   187.42          1 org/example/Some method
                """;

        assertThat(Jstat.parse(output, "Time")).isEqualTo(187.42);
    }

    @Test
    void readsTheTotalOfJstatsGcLine() {
        String output = """
                  S0     S1     E      O      M     CCS    YGC     YGCT     FGC    FGCT     CGC    CGCT       GCT
                  -      -   42.11  17.03  98.01  95.12    212     1.904     0     0.000    14     0.071     1.975
                """;

        assertThat(Jstat.parse(output, "GCT")).isEqualTo(1.975);
        assertThat(Jstat.parse(output, "YGC")).isEqualTo(212);
    }

    @Test
    void anAnswerWithoutValuesIsNoReading() {
        assertThat(Jstat.parse("12345 not found\n", "Time")).isEqualTo(-1);
        assertThat(Jstat.parse("Compiled Failed Invalid Time\n  10 0 0 n/a\n", "Time")).isEqualTo(-1);
        assertThat(Jstat.parse("Compiled Failed Invalid Time\n  10 0 0 1.5\n", "GCT")).isEqualTo(-1);
    }

    @Test
    void aRunningJvmHasSpentCompileTimeAndCanBeAskedForItsGcTime() {
        Jstat own = Jstat.of(Long.toString(ProcessHandle.current().pid()));

        assertThat(own).isNotNull();
        assertThat(own.compileSeconds()).isPositive();
        assertThat(own.gcSeconds()).isGreaterThanOrEqualTo(0);
        assertThat(Jstat.of(null)).isNull();
    }
}
