package org.junction.bench.run;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import org.HdrHistogram.Recorder;

/**
 * Open-model load: requests start at fixed intervals whatever the responses do, and each latency
 * is measured from the moment its request was due, not from when it went out, so a stalled server
 * shows as the queue it makes (no coordinated omission). Requests still outstanding when the cap on
 * concurrent requests is reached are not sent and count as errors: the server is not keeping up.
 */
final class OpenLoad implements AutoCloseable {

    /** Above this many requests awaiting an answer the step has failed anyway. */
    static final int MAX_IN_FLIGHT = 2_000;
    static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final HttpClient client;
    private final ExecutorService callbacks;
    private final URI url;
    private final String apiKey;
    private final BarsMessages messages;
    private final SplittableRandom random = new SplittableRandom(20261123L);

    OpenLoad(URI url, String apiKey, BarsMessages messages) {
        this.url = url;
        this.apiKey = apiKey;
        this.messages = messages;
        this.callbacks = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "load-callbacks");
            t.setDaemon(true);
            return t;
        });
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    /** What one run at one rate produced: acks and accepted referrals by tracking id with their due time. */
    static final class Outcome {
        final Recorder acks = new Recorder(HIGHEST_MICROS, 3);
        final Map<String, Long> dueByTrackingId = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> errors = new ConcurrentHashMap<>();
        final AtomicInteger accepted = new AtomicInteger();
        int sent;
        long firstDue;
        long lastDue;

        int errorCount() {
            return errors.values().stream().mapToInt(AtomicInteger::get).sum();
        }

        private void error(String kind) {
            errors.computeIfAbsent(kind, k -> new AtomicInteger()).incrementAndGet();
        }
    }

    /**
     * Offers {@code rate} requests a second for {@code seconds}, then waits up to {@code answerWait}
     * for the last answers. {@code tick}, when not null, runs about once a second on the sending thread.
     */
    Outcome run(double rate, long seconds, Duration answerWait, Runnable tick) throws InterruptedException {
        Outcome outcome = new Outcome();
        int count = (int) Math.round(rate * seconds);
        long interval = Math.round(1_000_000_000d / rate);
        // Made before the clock starts: the generator's own work must not eat into the schedule.
        int prepared = (int) Math.min(count, Math.max(1, Math.round(rate * 60)));
        byte[][] bodies = new byte[prepared][];
        for (int i = 0; i < prepared; i++) {
            bodies[i] = messages.next(random);
        }
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        long nextTick = start + 1_000_000_000L;
        outcome.firstDue = start;
        for (int i = 0; i < count; i++) {
            long due = start + i * interval;
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            outcome.sent++;
            outcome.lastDue = due;
            // Past the first prepared minute (the soak), bodies are made here: microseconds each at soak rates.
            byte[] body = i < prepared ? bodies[i] : messages.next(random);
            if (i < prepared) {
                bodies[i] = null;
            }
            if (!inFlight.tryAcquire()) {
                outcome.error("not sent: " + MAX_IN_FLIGHT + " requests outstanding");
                continue;
            }
            send(body, due, outcome, inFlight);
            if (tick != null && due >= nextTick) {
                tick.run();
                nextTick += 1_000_000_000L;
            }
        }
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, answerWait.toMillis(), TimeUnit.MILLISECONDS)) {
            outcome.error("no answer within " + answerWait.toSeconds() + " s of the end");
        } else {
            inFlight.release(MAX_IN_FLIGHT);
        }
        return outcome;
    }

    /**
     * Closed-model load for the warm-up: sends whenever fewer than {@code window} accepted referrals
     * are still on their way to the partner, until at least {@code referrals} were sent over at
     * least {@code minimum}, or {@code limit} is up; then waits up to {@code answerWait} for the
     * last answers. It runs at whatever pace the configuration keeps up with, slow or fast, so every
     * one gets at least the same number of referrals through its code before it is measured, never
     * a backlog. {@code delivered} counts the partner's receipts so far.
     */
    Outcome closed(int referrals, int window, Duration minimum, Duration limit, Duration answerWait,
                   LongSupplier delivered) throws InterruptedException {
        Outcome outcome = new Outcome();
        Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);
        long deliveredBefore = delivered.getAsLong();
        long start = System.nanoTime();
        long minimumEnd = start + minimum.toNanos();
        long deadline = start + limit.toNanos();
        outcome.firstDue = start;
        long now;
        while ((now = System.nanoTime()) < deadline && (outcome.sent < referrals || now < minimumEnd)) {
            long onTheirWay = outcome.sent - outcome.errorCount() - (delivered.getAsLong() - deliveredBefore);
            if (onTheirWay >= window) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                continue;
            }
            byte[] body = messages.next(random);
            long due = System.nanoTime();
            outcome.sent++;
            outcome.lastDue = due;
            inFlight.acquire();
            send(body, due, outcome, inFlight);
        }
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, answerWait.toMillis(), TimeUnit.MILLISECONDS)) {
            outcome.error("no answer within " + answerWait.toSeconds() + " s of the end");
        } else {
            inFlight.release(MAX_IN_FLIGHT);
        }
        return outcome;
    }

    private void send(byte[] body, long due, Outcome outcome, Semaphore inFlight) {
        String requestId = UUID.randomUUID().toString();
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/fhir+json")
                .header("X-Request-ID", requestId).header("X-Correlation-ID", requestId)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey != null) {
            request.header("X-API-Key", apiKey);
        }
        client.sendAsync(request.build(), HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            try {
                long micros = Math.min(HIGHEST_MICROS, (System.nanoTime() - due) / 1_000);
                if (failure != null) {
                    Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                    outcome.error(cause.getClass().getSimpleName());
                    return;
                }
                if (response.statusCode() / 100 != 2) {
                    outcome.error("HTTP " + response.statusCode());
                    return;
                }
                String trackingId = response.headers().firstValue("X-Tracking-ID")
                        .or(() -> response.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)))
                        .orElse(null);
                if (trackingId == null) {
                    outcome.error("2xx without a tracking id");
                    return;
                }
                outcome.acks.recordValue(micros);
                outcome.dueByTrackingId.put(trackingId, due);
                outcome.accepted.incrementAndGet();
            } finally {
                inFlight.release();
            }
        });
    }

    @Override
    public void close() {
        callbacks.shutdownNow();
    }
}
