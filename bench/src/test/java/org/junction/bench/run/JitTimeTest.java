package org.junction.bench.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitTimeTest {

    @Test
    void readsTheTimeColumnOfJstatsCompilerLine() {
        String output = """
                Compiled Failed Invalid   Time   FailedType FailedMethod
                   41873      3       0   187.42          1 org/example/Some method
                """;

        assertThat(JitTime.parse(output)).isEqualTo(187.42);
    }

    @Test
    void anAnswerWithoutValuesIsNoReading() {
        assertThat(JitTime.parse("12345 not found\n")).isEqualTo(-1);
        assertThat(JitTime.parse("Compiled Failed Invalid Time\n  10 0 0 n/a\n")).isEqualTo(-1);
    }

    @Test
    void aRunningJvmHasSpentCompileTime() {
        JitTime own = JitTime.of(Long.toString(ProcessHandle.current().pid()));

        assertThat(own).isNotNull();
        assertThat(own.seconds()).isPositive();
        assertThat(JitTime.of(null)).isNull();
    }
}
