package org.junction.bench.run;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * What one step cost the machine: CPU of the JVM under test, of this load generator (with its
 * partner stub) and of everything else (on a bench machine, PostgreSQL); the machine's busy share;
 * the JVM's JIT and GC seconds; and, when the hub's PostgreSQL database is named, the upkeep that
 * ran beside the load (checkpoints, autovacuum and autoanalyze runs, WAL written). A step that
 * falls behind with CPU to spare, or while a checkpoint runs, reads differently from one that ran
 * out of CPU.
 */
final class StepCost implements AutoCloseable {

    /** One reading; a count that could not be had is -1. */
    record Reading(long nanoTime, long testedTicks, long ownTicks, long machineBusyTicks, long machineIdleTicks,
            double jitSeconds, double gcSeconds, Upkeep upkeep) {
    }

    /** PostgreSQL's cumulative counters, read from its statistics views. */
    record Upkeep(long checkpoints, long checkpointBuffers, long autovacuums, long autoanalyzes, long walBytes) {
    }

    private final long pid;
    private final Jstat jstat;
    private final String databaseUrl;
    private final double ticksPerSecond;
    private Connection database;
    private String checkpointQuery;

    StepCost(long pid, Jstat jstat, String databaseUrl, double ticksPerSecond) {
        this.pid = pid;
        this.jstat = jstat;
        this.databaseUrl = databaseUrl;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** For the JVM {@code pid} (null: none) and the hub's database at {@code databaseUrl} (null: none). */
    static StepCost of(String pid, String databaseUrl) {
        return new StepCost(pid == null ? -1 : Long.parseLong(pid), Jstat.of(pid), databaseUrl, clockTicksPerSecond());
    }

    /**
     * A reading at the start of a window: jstat (a JVM of its own) and the database first, then the
     * CPU counters, so that the readings' own CPU falls outside the window.
     */
    Reading start() {
        double jit = jstat == null ? -1 : jstat.compileSeconds();
        double gc = jstat == null ? -1 : jstat.gcSeconds();
        Upkeep upkeep = upkeep();
        long[] machine = machineTicks(read(Path.of("/proc/stat")));
        return new Reading(System.nanoTime(), testedTicks(), processTicks(read(Path.of("/proc/self/stat"))),
                machine[0], machine[1], jit, gc, upkeep);
    }

    /** A reading at the end of a window: the CPU counters first, for the reason given at {@link #start}. */
    Reading end() {
        long nanoTime = System.nanoTime();
        long tested = testedTicks();
        long own = processTicks(read(Path.of("/proc/self/stat")));
        long[] machine = machineTicks(read(Path.of("/proc/stat")));
        return new Reading(nanoTime, tested, own, machine[0], machine[1],
                jstat == null ? -1 : jstat.compileSeconds(), jstat == null ? -1 : jstat.gcSeconds(), upkeep());
    }

    private long testedTicks() {
        return pid < 0 ? -1 : processTicks(read(Path.of("/proc", Long.toString(pid), "stat")));
    }

    /** The difference between two readings, per referral where it is CPU, into {@code node}. */
    void put(ObjectNode node, Reading before, Reading after, long referrals) {
        if (before.jitSeconds() >= 0 && after.jitSeconds() >= 0) {
            node.put("jitSeconds", round(after.jitSeconds() - before.jitSeconds()));
        }
        if (before.gcSeconds() >= 0 && after.gcSeconds() >= 0) {
            node.put("gcSeconds", round(after.gcSeconds() - before.gcSeconds()));
        }
        if (before.upkeep() != null && after.upkeep() != null) {
            Upkeep b = before.upkeep();
            Upkeep a = after.upkeep();
            node.putObject("database").put("checkpoints", a.checkpoints() - b.checkpoints())
                    .put("checkpointBuffers", a.checkpointBuffers() - b.checkpointBuffers())
                    .put("autovacuums", a.autovacuums() - b.autovacuums())
                    .put("autoanalyzes", a.autoanalyzes() - b.autoanalyzes())
                    .put("walBytesPerReferral", referrals <= 0 ? -1 : (a.walBytes() - b.walBytes()) / referrals);
        }
        long busy = after.machineBusyTicks() - before.machineBusyTicks();
        long idle = after.machineIdleTicks() - before.machineIdleTicks();
        if (before.machineBusyTicks() < 0 || after.machineBusyTicks() < 0 || busy + idle <= 0 || referrals <= 0) {
            return;
        }
        ObjectNode cpu = node.putObject("cpu");
        cpu.put("seconds", round((after.nanoTime() - before.nanoTime()) / 1e9)).put("referrals", referrals)
                .put("machineBusyShare", round((double) busy / (busy + idle)));
        long own = after.ownTicks() - before.ownTicks();
        long tested = before.testedTicks() < 0 || after.testedTicks() < 0 ? -1 : after.testedTicks() - before.testedTicks();
        if (tested >= 0) {
            cpu.put("testedMsPerReferral", msPerReferral(tested, referrals));
        }
        cpu.put("loadGeneratorMsPerReferral", msPerReferral(own, referrals))
                // Process and machine counters are sampled apart, so a near-idle rest can come out a
                // tick or two below zero.
                .put("restMsPerReferral", msPerReferral(Math.max(0, busy - own - Math.max(0, tested)), referrals));
    }

    /** The step's cost in one short phrase for the run's log. */
    static String text(ObjectNode node) {
        StringBuilder text = new StringBuilder();
        text.append("JIT ").append(seconds(node, "jitSeconds")).append(", GC ").append(seconds(node, "gcSeconds"));
        ObjectNode cpu = (ObjectNode) node.get("cpu");
        if (cpu != null) {
            text.append(String.format(", CPU per referral %s tested / %.1f generator / %.1f rest ms, machine %.0f %% busy",
                    cpu.has("testedMsPerReferral") ? String.format("%.1f", cpu.get("testedMsPerReferral").asDouble()) : "-",
                    cpu.get("loadGeneratorMsPerReferral").asDouble(), cpu.get("restMsPerReferral").asDouble(),
                    cpu.get("machineBusyShare").asDouble() * 100));
        }
        ObjectNode database = (ObjectNode) node.get("database");
        if (database != null) {
            text.append(String.format(", checkpoints %d, autovacuums %d, autoanalyzes %d",
                    database.get("checkpoints").asLong(), database.get("autovacuums").asLong(),
                    database.get("autoanalyzes").asLong()));
        }
        return text.toString();
    }

    private static String seconds(ObjectNode node, String field) {
        return node.has(field) ? String.format("%.1f s", node.get(field).asDouble()) : "-";
    }

    private double msPerReferral(long ticks, long referrals) {
        return ticks < 0 ? -1 : round(ticks * 1000.0 / ticksPerSecond / referrals);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    @Override
    public void close() {
        if (database != null) {
            try {
                database.close();
            } catch (SQLException e) {
                // Closing a monitoring connection at the end of the run: nothing to keep.
            }
        }
    }

    private Upkeep upkeep() {
        if (databaseUrl == null) {
            return null;
        }
        try {
            if (database == null || database.isClosed()) {
                database = DriverManager.getConnection(databaseUrl);
                try (Statement statement = database.createStatement();
                     ResultSet version = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
                    version.next();
                    // PostgreSQL 17 moved the checkpointer's counters out of pg_stat_bgwriter.
                    checkpointQuery = version.getInt(1) >= 170000
                            ? "SELECT num_timed + num_requested, buffers_written FROM pg_stat_checkpointer"
                            : "SELECT checkpoints_timed + checkpoints_req, buffers_checkpoint FROM pg_stat_bgwriter";
                }
            }
            try (Statement statement = database.createStatement()) {
                long checkpoints;
                long buffers;
                try (ResultSet row = statement.executeQuery(checkpointQuery)) {
                    row.next();
                    checkpoints = row.getLong(1);
                    buffers = row.getLong(2);
                }
                try (ResultSet row = statement.executeQuery("SELECT coalesce(sum(autovacuum_count), 0), "
                        + "coalesce(sum(autoanalyze_count), 0), (pg_current_wal_lsn() - '0/0'::pg_lsn)::bigint "
                        + "FROM pg_stat_user_tables")) {
                    row.next();
                    return new Upkeep(checkpoints, buffers, row.getLong(1), row.getLong(2), row.getLong(3));
                }
            }
        } catch (SQLException e) {
            // A step is still measured without the database's counters (the server may be what
            // failed); a broken connection still says it is open, so the next reading starts afresh.
            close();
            database = null;
            return null;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }

    /** utime + stime of one /proc/PID/stat line, in clock ticks, or -1. */
    static long processTicks(String stat) {
        if (stat == null) {
            return -1;
        }
        // The command name in parentheses may hold spaces; the fields after it are fixed: utime is
        // the 14th field of the line, the 12th after the name.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        return fields.length < 13 ? -1 : Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** Busy and idle clock ticks of all CPUs from /proc/stat's first line, or -1s. */
    static long[] machineTicks(String stat) {
        if (stat == null || !stat.startsWith("cpu ")) {
            return new long[] {-1, -1};
        }
        String[] fields = stat.lines().findFirst().orElse("").substring(4).trim().split("\\s+");
        long[] values = new long[8];
        for (int i = 0; i < values.length && i < fields.length; i++) {
            values[i] = Long.parseLong(fields[i]);
        }
        // user nice system idle iowait irq softirq steal: guest time is already inside user.
        long idle = values[3] + values[4];
        long busy = values[0] + values[1] + values[2] + values[5] + values[6] + values[7];
        return new long[] {busy, idle};
    }

    private static double clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            return getconf.waitFor() == 0 ? Double.parseDouble(out) : 100;
        } catch (IOException | NumberFormatException e) {
            return 100;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 100;
        }
    }
}
