package org.junction.hub.operations;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junction.security.crypto.WebhookSignatures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to the configured webhook, signed like the hub's partner webhooks
 * ({@code X-Junction-Timestamp}, {@code X-Junction-Signature}), off the thread that raised them,
 * in order, with a few attempts. The body carries the incident only: kind, partner, times, count.
 */
public class AlertWebhook implements Consumer<Alert>, AutoCloseable {

    static final String TIMESTAMP = "X-Junction-Timestamp";
    static final String SIGNATURE = "X-Junction-Signature";
    static final int ATTEMPTS = 3;
    private static final Logger log = LoggerFactory.getLogger(AlertWebhook.class);

    private final URI url;
    private final Supplier<byte[]> secret;
    private final Duration timeout;
    private final ObjectMapper json;
    private final Clock clock;
    private final HttpClient http;
    private final ExecutorService sender = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "junction-alert-webhook");
        thread.setDaemon(true);
        return thread;
    });

    /** @param secret the signing key, read on each post so that a rotated file takes effect; null: unsigned */
    public AlertWebhook(URI url, Supplier<byte[]> secret, Duration timeout, ObjectMapper json, Clock clock) {
        this.url = url;
        this.secret = secret;
        this.timeout = timeout;
        this.json = json;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    @Override
    public void accept(Alert alert) {
        sender.execute(() -> post(alert));
    }

    private void post(Alert alert) {
        byte[] body;
        try {
            body = json.writeValueAsBytes(body(alert));
        } catch (IOException e) {
            log.error("Alert {} could not be written", alert.id(), e);
            return;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                String timestamp = Long.toString(clock.instant().getEpochSecond());
                var request = HttpRequest.newBuilder(url).timeout(timeout)
                        .header("Content-Type", "application/json")
                        .header(TIMESTAMP, timestamp)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
                if (secret != null) {
                    request.header(SIGNATURE, WebhookSignatures.sign(secret.get(), timestamp, body));
                }
                int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status >= 200 && status < 300) {
                    return;
                }
                log.warn("Alert webhook answered {} to alert {} (attempt {})", status, alert.id(), attempt);
            } catch (IOException | RuntimeException e) {
                log.warn("Alert webhook failed for alert {} (attempt {}): {}", alert.id(), attempt,
                        e.getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(500L * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        log.error("Alert {} {} was not delivered to the webhook", alert.id(), alert.kind());
    }

    static Map<String, Object> body(Alert alert) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", alert.id());
        body.put("kind", alert.kind().name());
        body.put("partner", alert.partnerId());
        body.put("subject", alert.subject());
        body.put("state", alert.state().name());
        body.put("firstSeen", alert.firstSeen().toString());
        body.put("lastSeen", alert.lastSeen().toString());
        body.put("count", alert.count());
        body.put("resolvedAt", alert.resolvedAt() == null ? null : alert.resolvedAt().toString());
        return body;
    }

    @Override
    public void close() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(timeout.toMillis() * ATTEMPTS, TimeUnit.MILLISECONDS);
    }
}
