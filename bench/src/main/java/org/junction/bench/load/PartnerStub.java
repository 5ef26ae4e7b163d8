package org.junction.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the partners the hub delivers to over {@code rest-json}: one plain JDK HTTP
 * server per partner port, recording every delivery attempt in the delivery ledger with the
 * fields hash recomputed from what arrived.
 *
 * <p>Each partner's behaviour is scripted and can be changed while it runs, on the control port:
 * {@code POST /mode?partner=ID&mode=ok|down|slow|flaky[&delayMs=N][&failRate=0.3]}.
 * {@code down} stops listening (the hub gets connection refused), {@code slow} answers after
 * {@code delayMs}, {@code flaky} answers 503 to a seeded random share of requests.
 * {@code GET /stats} gives each partner's counts.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.junction.bench.load.PartnerStub \
 *   --partner bench-council=18201 --partner bench-mash=18202 --control 18200 \
 *   --ledger run/deliveries.jsonl --seed 42
 * </pre>
 *
 * The bench partners are configured without the sink options {@code sign} and
 * {@code recipient-certificate}, so deliveries arrive as plain JSON.
 */
public final class PartnerStub implements AutoCloseable {

    /** One partner's scripted behaviour. */
    public record Behaviour(String mode, long delayMs, double failRate) {
        public static final Behaviour OK = new Behaviour("ok", 0, 0);
    }

    private final JsonLines ledger;
    private final Map<String, Partner> partners = new LinkedHashMap<>();
    private final HttpServer control;

    private final class Partner {
        final String id;
        final int port;
        final ExecutorService executor;
        final SplittableRandom random;
        final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        final AtomicLong received = new AtomicLong();
        final AtomicLong answered2xx = new AtomicLong();
        volatile Behaviour behaviour = Behaviour.OK;
        HttpServer server;

        Partner(String id, int port, long seed) {
            this.id = id;
            this.port = port;
            // Each partner has its own threads, so a slow partner never holds up a healthy one.
            this.executor = Executors.newFixedThreadPool(32, r -> {
                Thread t = new Thread(r, "stub-" + id);
                t.setDaemon(true);
                return t;
            });
            this.random = new SplittableRandom(seed ^ id.hashCode());
        }

        synchronized void listen() throws IOException, InterruptedException {
            if (server != null) {
                return;
            }
            for (int tries = 0; ; tries++) {
                try {
                    server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 128);
                    break;
                } catch (BindException e) {
                    if (tries > 50) {
                        throw e;
                    }
                    Thread.sleep(100);
                }
            }
            server.createContext("/", this::handle);
            server.setExecutor(executor);
            server.start();
        }

        synchronized void stopListening() {
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }

        synchronized boolean listening() {
            return server != null;
        }

        private synchronized boolean fail(double rate) {
            return random.nextDouble() < rate;
        }

        private void handle(HttpExchange exchange) throws IOException {
            try (exchange) {
                Instant at = Instant.now();
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Behaviour now = behaviour;
                received.incrementAndGet();
                String key = exchange.getRequestHeaders().getFirst("X-Correlation-ID");
                String idempotencyKey = exchange.getRequestHeaders().getFirst("Idempotency-Key");
                int attempt = attempts.computeIfAbsent(idempotencyKey == null ? "" : idempotencyKey,
                        k -> new AtomicInteger()).incrementAndGet();
                String hash = null;
                String trackingId = null;
                try {
                    JsonNode json = JsonLines.mapper().readTree(body);
                    hash = ReferralFields.fromDelivered(json).hash();
                    trackingId = ReferralFields.trackingIdOf(json);
                } catch (IOException | IllegalArgumentException e) {
                    // Recorded with no hash: the reconciler counts it as corrupted.
                }
                int status;
                if (now.mode().equals("slow") && now.delayMs() > 0) {
                    try {
                        Thread.sleep(now.delayMs());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                if (now.mode().equals("flaky") && fail(now.failRate())) {
                    status = 503;
                } else if (hash == null) {
                    status = 400;
                } else {
                    status = 201;
                }
                ledger.write(new DeliveryRecord(id, key, idempotencyKey, attempt, hash, trackingId, status,
                        at.truncatedTo(ChronoUnit.MICROS).toString(), ChronoUnit.MICROS.between(Instant.EPOCH, at),
                        now.mode()));
                if (status == 201) {
                    answered2xx.incrementAndGet();
                    exchange.getResponseHeaders().add("Location", "/" + id + "/" + (idempotencyKey == null ? "x" : idempotencyKey));
                }
                exchange.sendResponseHeaders(status, -1);
            }
        }
    }

    public PartnerStub(Map<String, Integer> ports, int controlPort, Path ledgerFile, long seed)
            throws IOException, InterruptedException {
        this.ledger = new JsonLines(ledgerFile);
        for (var e : ports.entrySet()) {
            Partner p = new Partner(e.getKey(), e.getValue(), seed);
            partners.put(p.id, p);
            p.listen();
        }
        control = HttpServer.create(new InetSocketAddress("127.0.0.1", controlPort), 16);
        control.createContext("/mode", this::mode);
        control.createContext("/stats", this::stats);
        control.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "stub-control");
            t.setDaemon(true);
            return t;
        }));
        control.start();
    }

    /** Changes a partner's behaviour; {@code down} closes its port, any other mode opens it again. */
    public void setBehaviour(String partnerId, Behaviour behaviour) throws IOException, InterruptedException {
        Partner p = partners.get(partnerId);
        if (p == null) {
            throw new IllegalArgumentException("no partner " + partnerId);
        }
        p.behaviour = behaviour;
        if (behaviour.mode().equals("down")) {
            p.stopListening();
        } else {
            p.listen();
        }
    }

    private void mode(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> q = query(exchange.getRequestURI());
            String mode = q.getOrDefault("mode", "ok");
            if (!java.util.Set.of("ok", "down", "slow", "flaky").contains(mode)) {
                respond(exchange, 400, "{\"error\":\"mode must be ok, down, slow or flaky\"}");
                return;
            }
            try {
                setBehaviour(q.get("partner"), new Behaviour(mode, Long.parseLong(q.getOrDefault("delayMs", "0")),
                        Double.parseDouble(q.getOrDefault("failRate", "0.3"))));
                respond(exchange, 200, "{\"partner\":\"" + q.get("partner") + "\",\"mode\":\"" + mode + "\"}");
            } catch (IllegalArgumentException e) {
                respond(exchange, 400, "{\"error\":\"" + e.getMessage() + "\"}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                respond(exchange, 500, "{}");
            }
        }
    }

    private void stats(HttpExchange exchange) throws IOException {
        try (exchange) {
            var out = JsonLines.mapper().createObjectNode();
            partners.values().forEach(p -> {
                var node = out.putObject(p.id);
                node.put("mode", p.behaviour.mode());
                node.put("listening", p.listening());
                node.put("received", p.received.get());
                node.put("answered2xx", p.answered2xx.get());
            });
            respond(exchange, 200, out.toString());
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    static Map<String, String> query(URI uri) {
        Map<String, String> q = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    @Override
    public void close() throws IOException {
        control.stop(0);
        partners.values().forEach(Partner::stopListening);
        ledger.close();
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (String p : args.all("partner")) {
            int eq = p.indexOf('=');
            ports.put(p.substring(0, eq), Integer.parseInt(p.substring(eq + 1)));
        }
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("at least one --partner id=port");
        }
        PartnerStub stub = new PartnerStub(ports, (int) args.required("control").transform(Integer::parseInt),
                Path.of(args.required("ledger")), args.getLong("seed", 1));
        System.out.println("partner stub: " + ports + " control " + args.required("control"));
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                stub.close();
            } catch (IOException e) {
                // Exiting anyway; the ledger is flushed per line.
            }
            stop.countDown();
        }));
        stop.await();
    }
}
