package org.junction.hub.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The demo's simulated police force: every {@code hub.demo.police-interval} it posts a synthetic
 * referral to the hub's own partner API over HTTP, authenticated like a real partner, so the demo
 * exercises the same path as production traffic. It begins once the web server has a port and
 * stops before the web server does, so graceful shutdown is not kept waiting by new posts.
 */
@Component
@Profile("demo")
@ConditionalOnProperty(name = "hub.demo.police-enabled", havingValue = "true", matchIfMissing = true)
public class DemoPoliceSimulator implements ApplicationListener<WebServerInitializedEvent>, SmartLifecycle {

    static final String PATH = "/api/v1/referrals";
    private static final Logger log = LoggerFactory.getLogger(DemoPoliceSimulator.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final DemoProperties properties;
    private final ObjectMapper json;
    private final DemoPoliceReferrals referrals;
    private final HttpClient http;
    private volatile int port = -1;
    private boolean running;
    private ScheduledExecutorService executor;

    public DemoPoliceSimulator(DemoProperties properties, ObjectMapper json, Clock clock) {
        this.properties = Objects.requireNonNull(properties);
        this.json = Objects.requireNonNull(json);
        this.referrals = new DemoPoliceReferrals(RandomGenerator.getDefault(), clock);
        this.http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        // A separate management server has its own namespace; referrals go to the main one.
        if (event.getApplicationContext().getServerNamespace() != null) {
            return;
        }
        port = event.getWebServer().getPort();
        startPosting();
    }

    @Override
    public synchronized void start() {
        running = true;
        startPosting();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return running;
    }

    /** The highest phase stops first: before the web server begins its graceful shutdown. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE;
    }

    private synchronized void startPosting() {
        if (!running || port <= 0 || executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-police");
            t.setDaemon(true);
            return t;
        });
        long period = properties.policeInterval().toMillis();
        executor.scheduleWithFixedDelay(this::postQuietly, period, period, TimeUnit.MILLISECONDS);
        log.info("Demo police simulator posting a referral every {} to port {}", properties.policeInterval(), port);
    }

    private void postQuietly() {
        try {
            post();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            // An exception escaping would cancel the schedule; the next tick is the retry.
            log.warn("Demo police referral not sent, will try again next tick: {}", e.getClass().getSimpleName());
        }
    }

    private void post() throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + PATH))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-API-Key", properties.policeApiKey())
                .header("X-Request-ID", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(referrals.next()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        int status = response.statusCode();
        if (status / 100 == 2) {
            log.info("Demo police referral accepted: status {}, tracking id {}", status, trackingId(response.body()));
        } else {
            // The problem detail names fields and reasons only, but the status is all the demo needs.
            log.warn("Demo police referral refused: status {}, will send another next tick", status);
        }
    }

    private String trackingId(String body) {
        try {
            JsonNode id = json.readTree(body).path("trackingId");
            return id.isTextual() ? id.asText() : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
