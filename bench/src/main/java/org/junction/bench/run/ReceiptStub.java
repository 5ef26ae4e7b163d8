package org.junction.bench.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receiving partner for the throughput runs: answers every POST 200 at once and notes when
 * each referral arrived (System.nanoTime, the load generator's clock: it runs in the same JVM),
 * keyed by the tracking id the sender gave at intake. The passthrough sends it as a header; the
 * hub puts it in what it renders (council JSON: hub.trackingId).
 */
final class ReceiptStub implements AutoCloseable {

    static final String PATH = "/partner/referrals";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService workers;
    private final Map<String, Long> firstReceipt = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong unmatched = new AtomicLong();

    private ReceiptStub(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    static ReceiptStub start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
        ExecutorService workers = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "partner-stub");
            t.setDaemon(true);
            return t;
        });
        ReceiptStub stub = new ReceiptStub(server, workers);
        server.createContext(PATH, stub::handle);
        server.setExecutor(workers);
        server.start();
        return stub;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("X-Tracking-ID");
            if (id == null) {
                id = trackingIdIn(body);
            }
            received.incrementAndGet();
            if (id == null) {
                unmatched.incrementAndGet();
            } else if (firstReceipt.putIfAbsent(id, at) != null) {
                duplicates.incrementAndGet();
            }
            exchange.sendResponseHeaders(200, -1);
        }
    }

    private static String trackingIdIn(byte[] body) {
        try {
            String id = JSON.readTree(body).path("hub").path("trackingId").asText(null);
            return id == null || id.isEmpty() ? null : id;
        } catch (IOException notJson) {
            return null;
        }
    }

    /** When the referral with this tracking id first arrived, or null. */
    Long receivedAt(String trackingId) {
        return firstReceipt.get(trackingId);
    }

    long received() {
        return received.get();
    }

    long duplicates() {
        return duplicates.get();
    }

    long unmatched() {
        return unmatched.get();
    }

    /** Arrival times of every referral received so far, for per-window counts in the soak. */
    Iterable<Long> arrivals() {
        return firstReceipt.values();
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
