package org.junction.bench.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Time the JVM under test has spent so far in its JIT compilers and in garbage collection, read
 * with the JDK's {@code jstat}: both are CPU or pauses that a two-core machine takes from the code
 * being measured, so each step records how much of each fell inside it.
 */
final class Jstat {

    private final Path jstat;
    private final long pid;

    private Jstat(Path jstat, long pid) {
        this.jstat = jstat;
        this.pid = pid;
    }

    /** For the process {@code pid}, or null when none is given or this JDK has no jstat. */
    static Jstat of(String pid) {
        Path jstat = Path.of(System.getProperty("java.home"), "bin", "jstat");
        return pid == null || !Files.isExecutable(jstat) ? null : new Jstat(jstat, Long.parseLong(pid));
    }

    /** Seconds of compilation so far, or -1 when jstat did not answer. */
    double compileSeconds() {
        return read("-compiler", "Time");
    }

    /** Seconds in garbage collection so far (young, full and concurrent), or -1 when jstat did not answer. */
    double gcSeconds() {
        return read("-gcutil", "GCT");
    }

    private double read(String option, String column) {
        try {
            Process process = new ProcessBuilder(jstat.toString(), option, Long.toString(pid))
                    .redirectErrorStream(true).start();
            // Waited for before reading, so that a jstat that hangs costs the step 10 s, not the run:
            // its two lines fit the pipe, so it never blocks on an unread output.
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                return -1;
            }
            return parse(new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8), column);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The named column of jstat's one line of values under its header, or -1. */
    static double parse(String output, String column) {
        List<String> lines = output.lines().filter(line -> !line.isBlank()).toList();
        if (lines.size() < 2) {
            return -1;
        }
        List<String> header = Arrays.asList(lines.get(0).trim().split("\\s+"));
        String[] values = lines.get(1).trim().split("\\s+");
        int index = header.indexOf(column);
        if (index < 0 || index >= values.length) {
            return -1;
        }
        try {
            return Double.parseDouble(values[index]);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
