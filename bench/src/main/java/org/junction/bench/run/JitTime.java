package org.junction.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The time the JIT compilers of the JVM under test have spent so far, read with the JDK's
 * {@code jstat -compiler}: compiling is CPU that a two-core machine takes from the code being
 * measured, so each step records how much of it ran during the step.
 */
final class JitTime {

    private final Path jstat;
    private final long pid;

    private JitTime(Path jstat, long pid) {
        this.jstat = jstat;
        this.pid = pid;
    }

    /** For the process {@code pid}, or null when none is given or this JDK has no jstat. */
    static JitTime of(String pid) {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        return pid == null || !Files.isExecutable(jstat) ? null : new JitTime(jstat, Long.parseLong(pid));
    }

    /** Seconds of compilation so far, or -1 when jstat did not answer (the step is measured without it). */
    double seconds() {
        try {
            Process process = new ProcessBuilder(jstat.toString(), "-compiler", Long.toString(pid))
                    .redirectErrorStream(true).start();
            // Waited for before reading, so that a jstat that hangs costs the step 10 s, not the run:
            // its two lines fit the pipe, so it never blocks on an unread output.
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return -1;
            }
            return parse(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The Time column of jstat's one line of values under its header. */
    static double parse(String output) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        if (lines.size() < 2) {
            return -1;
        }
        List<String> header = Arrays.asList(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        int column = header.indexOf("Time");
        if (column < 0 || column >= values.length) {
            return -1;
        }
        try {
            return Double.parseDouble(values[column]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
