package org.junction.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * An open-model load generator for the hub's partner API ({@code POST /api/v1/referrals}).
 *
 * <p>Requests are scheduled at fixed intended times (rate per second), whatever the hub does:
 * latency is measured from the intended start, so a hub that stalls is charged for every request
 * it delayed (no coordinated omission). Requests in flight are bounded; when the bound is reached
 * the schedule falls behind, and that wait is in the latency too.
 *
 * <p>Each message has a client id, an idempotency key (X-Request-ID) and the hash of the fields
 * that must arrive. An answer that says nothing about the outcome (no answer: timeout, reset,
 * refused; or 5xx, 408, 429) is retried with the same key, after a growing jittered pause
 * (or the hub's Retry-After, at most 5 s), until answered or the give-up time passes. Every
 * message's final outcome is a line of the sent ledger. The latency histogram holds the 2xx
 * acknowledgements of the measured phase (after warm-up).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.junction.bench.load.LoadGenerator \
 *   --url http://127.0.0.1:8080 --api-key KEY --rate 20 --warmup 10s --duration 60s \
 *   --max-in-flight 256 --seed 42 --run-id r1 --ledger run/sent.jsonl [--hdr-out run/ack.hlog] \
 *   [--summary-out run/load.json] [--stop-file run/stop] [--request-timeout 10s] [--give-up-after 180s]
 * </pre>
 */
public final class LoadGenerator {

    /** The settings of one run. */
    public record Settings(URI url, String apiKey, double rate, Duration warmup, Duration duration, int maxInFlight,
                           long seed, String runId, long firstSeq, Duration requestTimeout, Duration giveUpAfter,
                           Path ledger, Path hdrOut, Path stopFile) {
    }

    /** What a run did, for the caller and the summary line. */
    public record Summary(long sent, long accepted, long rejected, long unknown, long retries, long duplicateAnswers,
                          Histogram ackLatencyMicros, double achievedRate) {
    }

    private final Settings settings;
    private final HttpClient client;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "load-retry");
        t.setDaemon(true);
        return t;
    });
    private final Histogram ack = new Histogram(TimeUnit.HOURS.toMicros(1), 3);
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    public LoadGenerator(Settings settings) {
        this.settings = settings;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newFixedThreadPool(4, r -> {
                    Thread t = new Thread(r, "load-http");
                    t.setDaemon(true);
                    return t;
                }))
                .build();
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Settings settings = new Settings(URI.create(args.required("url")), args.required("api-key"),
                args.getDouble("rate", 10), args.getDuration("warmup", Duration.ofSeconds(5)),
                args.getDuration("duration", Duration.ofSeconds(30)), (int) args.getLong("max-in-flight", 256),
                args.getLong("seed", 1), args.get("run-id", "run"), args.getLong("first-seq", 0),
                args.getDuration("request-timeout", Duration.ofSeconds(10)),
                args.getDuration("give-up-after", Duration.ofSeconds(180)), Path.of(args.required("ledger")),
                args.get("hdr-out", null) == null ? null : Path.of(args.get("hdr-out", null)),
                args.get("stop-file", null) == null ? null : Path.of(args.get("stop-file", null)));
        Summary summary = new LoadGenerator(settings).run();
        print(summary, System.out);
        String summaryOut = args.get("summary-out", null);
        if (summaryOut != null) {
            Files.writeString(Path.of(summaryOut), summaryJson(summary) + "\n");
        }
    }

    public Summary run() throws IOException, InterruptedException {
        SyntheticReferrals referrals = new SyntheticReferrals(settings.seed(), settings.runId());
        long total = Math.round(settings.rate() * (settings.warmup().toMillis() + settings.duration().toMillis()) / 1000.0);
        long warmupCount = Math.round(settings.rate() * settings.warmup().toMillis() / 1000.0);
        double periodNanos = 1e9 / settings.rate();
        Semaphore inFlight = new Semaphore(settings.maxInFlight());
        List<CompletableFuture<Void>> done = new ArrayList<>();
        try (JsonLines ledger = new JsonLines(settings.ledger())) {
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
            Instant startWall = Instant.now().plusMillis(50);
            long scheduled = 0;
            for (long i = 0; i < total; i++) {
                // A fault script ends an open-ended run by creating the stop file: nothing new is
                // scheduled, and what is in flight still finishes and reaches the ledger.
                if (settings.stopFile() != null && (i % 10 == 0) && Files.exists(settings.stopFile())) {
                    break;
                }
                scheduled++;
                long intended = start + Math.round(i * periodNanos);
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                inFlight.acquire();
                var message = referrals.message(settings.firstSeq() + i);
                var attempt = new Attempt(message, intended,
                        startWall.plusNanos(intended - start).toString(), i < warmupCount ? "warmup" : "measure");
                CompletableFuture<Void> finished = new CompletableFuture<>();
                finished.whenComplete((v, e) -> inFlight.release());
                send(attempt, ledger, finished);
                done.add(finished);
            }
            long end = System.nanoTime();
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).join();
            double seconds = (end - start) / 1e9;
            if (settings.hdrOut() != null) {
                try (PrintStream out = new PrintStream(Files.newOutputStream(settings.hdrOut()))) {
                    HistogramLogWriter writer = new HistogramLogWriter(out);
                    writer.outputLogFormatVersion();
                    writer.outputLegend();
                    synchronized (ack) {
                        writer.outputIntervalHistogram(ack);
                    }
                }
            }
            return new Summary(scheduled, accepted.get(), rejected.get(), unknown.get(), retried.get(), duplicates.get(),
                    ack.copy(), scheduled / Math.max(seconds, 1e-9));
        } finally {
            retries.shutdownNow();
        }
    }

    /** The state of one message across its attempts. */
    private final class Attempt {
        final SyntheticReferrals.Message message;
        final long intendedNanos;
        final String intended;
        final String phase;
        final Set<String> trackingIds = new LinkedHashSet<>();
        int attempts;
        int lastStatus;
        boolean duplicate;

        Attempt(SyntheticReferrals.Message message, long intendedNanos, String intended, String phase) {
            this.message = message;
            this.intendedNanos = intendedNanos;
            this.intended = intended;
            this.phase = phase;
        }
    }

    private void send(Attempt a, JsonLines ledger, CompletableFuture<Void> finished) {
        a.attempts++;
        HttpRequest request = HttpRequest.newBuilder(settings.url().resolve("/api/v1/referrals"))
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/json")
                .header("X-API-Key", settings.apiKey())
                .header("X-Request-ID", a.message.key())
                .POST(HttpRequest.BodyPublishers.ofByteArray(a.message.body()))
                .build();
        client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            try {
                handle(a, ledger, finished, response, failure);
            } catch (RuntimeException e) {
                finish(a, ledger, finished, SentRecord.UNKNOWN);
            }
        });
    }

    private void handle(Attempt a, JsonLines ledger, CompletableFuture<Void> finished, HttpResponse<String> response,
                        Throwable failure) {
        if (failure != null) {
            a.lastStatus = 0;
            retryOrGiveUp(a, ledger, finished, backoff(a.attempts), SentRecord.UNKNOWN);
            return;
        }
        int status = response.statusCode();
        a.lastStatus = status;
        if (status >= 200 && status < 300) {
            try {
                JsonNode body = JsonLines.mapper().readTree(response.body());
                a.trackingIds.add(body.path("trackingId").asText());
                a.duplicate |= body.path("duplicate").asBoolean(false);
            } catch (IOException e) {
                // A 2xx whose body we cannot read is still an acceptance; the tracking id stays unknown.
            }
            long micros = TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - a.intendedNanos);
            if (a.phase.equals("measure")) {
                synchronized (ack) {
                    ack.recordValue(Math.min(micros, ack.getHighestTrackableValue()));
                }
            }
            finish(a, ledger, finished, SentRecord.ACCEPTED);
        } else if (status >= 500 || status == 408 || status == 429) {
            Duration after = retryAfter(response).orElse(backoff(a.attempts));
            retryOrGiveUp(a, ledger, finished, after, SentRecord.REJECTED);
        } else {
            finish(a, ledger, finished, SentRecord.REJECTED);
        }
    }

    /**
     * 250 ms doubling to 2 s, with jitter: during a long outage a thousand waiting messages must not
     * hammer a closed port, and must not all come back in the same millisecond.
     */
    static Duration backoff(int attempts) {
        long base = Math.min(2000, 250L << Math.min(Math.max(attempts - 1, 0), 3));
        return Duration.ofMillis(base / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1));
    }

    private static java.util.Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                // Seconds; capped so a long Retry-After cannot stall the run's drain.
                return java.util.Optional.of(Duration.ofSeconds(Math.min(Long.parseLong(v.strip()), 5)));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private void retryOrGiveUp(Attempt a, JsonLines ledger, CompletableFuture<Void> finished, Duration delay,
                               String outcomeIfGivenUp) {
        long age = System.nanoTime() - a.intendedNanos;
        if (age + delay.toNanos() > settings.giveUpAfter().toNanos()) {
            finish(a, ledger, finished, outcomeIfGivenUp);
            return;
        }
        retried.incrementAndGet();
        retries.schedule(() -> send(a, ledger, finished), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void finish(Attempt a, JsonLines ledger, CompletableFuture<Void> finished, String outcome) {
        switch (outcome) {
            case SentRecord.ACCEPTED -> accepted.incrementAndGet();
            case SentRecord.REJECTED -> rejected.incrementAndGet();
            default -> unknown.incrementAndGet();
        }
        if (a.duplicate) {
            duplicates.incrementAndGet();
        }
        List<String> ids = List.copyOf(a.trackingIds);
        ledger.write(new SentRecord(a.message.clientMsgId(), a.message.key(), a.message.fieldsHash(), a.intended,
                outcome, a.lastStatus, ids.isEmpty() ? null : ids.get(ids.size() - 1), ids, a.attempts,
                TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - a.intendedNanos), a.phase, a.duplicate));
        finished.complete(null);
    }

    public static void print(Summary s, PrintStream out) {
        Histogram h = s.ackLatencyMicros();
        out.printf("load: sent=%d accepted=%d rejected=%d unknown=%d retries=%d duplicate-answers=%d rate=%.1f/s%n",
                s.sent(), s.accepted(), s.rejected(), s.unknown(), s.retries(), s.duplicateAnswers(), s.achievedRate());
        out.printf("load: 2xx ack latency (ms, from intended start, measured phase, n=%d): p50=%.1f p90=%.1f p99=%.1f "
                        + "p99.9=%.1f max=%.1f%n", h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    static String summaryJson(Summary s) {
        Histogram h = s.ackLatencyMicros();
        return String.format(java.util.Locale.ROOT,
                "{\"sent\":%d,\"accepted\":%d,\"rejected\":%d,\"unknown\":%d,\"retries\":%d,\"duplicateAnswers\":%d,"
                        + "\"rate\":%.2f,\"ackCount\":%d,\"p50Ms\":%.2f,\"p90Ms\":%.2f,\"p99Ms\":%.2f,\"p999Ms\":%.2f,"
                        + "\"maxMs\":%.2f}",
                s.sent(), s.accepted(), s.rejected(), s.unknown(), s.retries(), s.duplicateAnswers(), s.achievedRate(),
                h.getTotalCount(), h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0, h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }
}
