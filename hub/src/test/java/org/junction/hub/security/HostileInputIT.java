package org.junction.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junction.hub.support.SampleReferrals;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The hostile corpus against the packaged hub running in a JVM of its own with a 512 MB heap:
 * XXE (file and http), billion laughs, a 30 MB string, nesting 100000 deep, invalid UTF-8 and
 * huge numbers, to the JSON, XML and FHIR endpoints. Each is answered 4xx; afterwards a normal
 * referral is accepted, the hub is still up, and its log shows no OutOfMemoryError. A partner
 * that goes over its request rate gets 429 with Retry-After, and the others are unaffected.
 */
class HostileInputIT {

    private static final String POLICE_KEY = "hostile-police-key";
    private static final String HOSPITAL_KEY = "hostile-hospital-key";
    private static final String NOISY_KEY = "hostile-noisy-key";
    private static final Duration PER_REQUEST = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String XML_NS = "https://fhir.junction-hub.org/schemas/police-referral-xml-v1";

    @TempDir
    Path dir;

    private int port;
    private final Map<String, Integer> answers = new LinkedHashMap<>();

    @Test
    void theHostileCorpusIsRefusedWith4xxAndTheHubKeepsServing() throws Exception {
        Path jar = Path.of(System.getProperty("junction.root.dir", "..")).toAbsolutePath().normalize()
                .resolve("hub/target/junction-hub.jar");
        assertThat(jar).as("the packaged hub (built by the package phase)").exists();
        writeConfig();
        Path secret = Files.writeString(dir.resolve("secret.txt"), "CANARY-5d1c");
        port = freePort();
        int management = freePort();
        Path log = dir.resolve("hub.log");
        Process hub = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(),
                "--server.port=" + port, "--management.server.port=" + management,
                "--hub.data-dir=" + dir.resolve("data"), "--hub.config-dir=" + dir.resolve("config"),
                "--hub.config-watch=false",
                "--hub.intake.rate-limit.burst=40", "--hub.intake.rate-limit.requests-per-second=1"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try (ServerSocket entityHost = new ServerSocket(0)) {
            AtomicInteger fetches = new AtomicInteger();
            Thread listener = new Thread(() -> {
                while (!entityHost.isClosed()) {
                    try (Socket ignored = entityHost.accept()) {
                        fetches.incrementAndGet();
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "entity-host");
            listener.setDaemon(true);
            listener.start();
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                    .until(() -> get(URI.create("http://127.0.0.1:" + management + "/actuator/health"), null)
                            .statusCode() == 200);

            String httpEntity = "http://127.0.0.1:" + entityHost.getLocalPort() + "/evil";
            sendCorpus(secret, httpEntity);

            assertThat(answers).allSatisfy((name, status) ->
                    assertThat(status).as(name).isBetween(400, 499));
            assertThat(fetches).as("entities fetched over http").hasValue(0);

            var normal = post("/api/v1/referrals", POLICE_KEY, "application/json",
                    SampleReferrals.police("9990000018", "Perrin", "Oakhollow").getBytes(StandardCharsets.UTF_8), true);
            assertThat(normal.statusCode()).as("a normal referral after the corpus").isEqualTo(202);

            // A partner over its rate is slowed alone.
            List<HttpResponse<String>> noisy = new ArrayList<>();
            for (int i = 0; i < 45; i++) {
                noisy.add(get(uri("/api/v1/referrals/" + UUID.randomUUID()), NOISY_KEY));
            }
            assertThat(noisy).extracting(HttpResponse::statusCode).contains(404, 429).doesNotContain(500, 503);
            HttpResponse<String> limited = noisy.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
            assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(
                    v -> assertThat(Long.parseLong(v)).isPositive());
            assertThat(post("/api/v1/referrals", POLICE_KEY, "application/json",
                    SampleReferrals.police("9990000026", "Perrin", "Oakhollow").getBytes(StandardCharsets.UTF_8), true)
                    .statusCode()).isEqualTo(202);

            assertThat(hub.isAlive()).as("hub still running").isTrue();
            assertThat(get(URI.create("http://127.0.0.1:" + management + "/actuator/health"), null).statusCode())
                    .isEqualTo(200);
        } finally {
            hub.destroy();
            if (!hub.waitFor(30, TimeUnit.SECONDS)) {
                hub.destroyForcibly();
            }
        }
        String output = Files.readString(log);
        assertThat(output).doesNotContain("OutOfMemoryError", "CANARY-5d1c", "Oakhollow");
    }

    private void sendCorpus(Path secret, String httpEntity) throws Exception {
        byte[] deepJson = ("[".repeat(100_000) + "]".repeat(100_000)).getBytes(StandardCharsets.US_ASCII);
        byte[] hugeNumber = ("{\"sourceRef\":\"PVP/1\",\"riskScore\":" + "9".repeat(200_000) + "}")
                .getBytes(StandardCharsets.US_ASCII);
        byte[] hugeExponent = "{\"sourceRef\":\"PVP/1\",\"riskScore\":1e999999999}".getBytes(StandardCharsets.US_ASCII);
        byte[] invalidUtf8 = SampleReferrals.police("9990000034", "Zo", "Oakhollow").replace("\"Zo\"", "\"Zo\u0000\"")
                .getBytes(StandardCharsets.UTF_8);
        invalidUtf8 = withBadBytes(invalidUtf8);
        String json = "application/json";
        String xml = "application/xml";

        answers.put("json: nesting 100000", post("/api/v1/referrals", POLICE_KEY, json, deepJson, true).statusCode());
        answers.put("json: huge number", post("/api/v1/referrals", POLICE_KEY, json, hugeNumber, true).statusCode());
        answers.put("json: huge exponent", post("/api/v1/referrals", POLICE_KEY, json, hugeExponent, true).statusCode());
        answers.put("json: invalid UTF-8", post("/api/v1/referrals", POLICE_KEY, json, invalidUtf8, true).statusCode());
        answers.put("json: 30 MB string, declared length", declaredButUnsent("/api/v1/referrals", 30 * 1024 * 1024));
        answers.put("json: 1.5 MB string, chunked", post("/api/v1/referrals", POLICE_KEY, json,
                ("{\"sourceRef\":\"" + "x".repeat(1_500_000) + "\"}").getBytes(StandardCharsets.US_ASCII), false)
                .statusCode());

        answers.put("xml: XXE file", post("/api/v1/referrals", POLICE_KEY, xml, xxe(secret.toUri().toString()), true)
                .statusCode());
        answers.put("xml: XXE http", post("/api/v1/referrals", POLICE_KEY, xml, xxe(httpEntity), true).statusCode());
        answers.put("xml: external DTD over http", post("/api/v1/referrals", POLICE_KEY, xml,
                ("<?xml version=\"1.0\"?><!DOCTYPE referral SYSTEM \"" + httpEntity + "\"><referral xmlns=\"" + XML_NS
                        + "\"/>").getBytes(StandardCharsets.UTF_8), true).statusCode());
        answers.put("xml: billion laughs", post("/api/v1/referrals", POLICE_KEY, xml, billionLaughs("referral", XML_NS),
                true).statusCode());
        answers.put("xml: invalid UTF-8", post("/api/v1/referrals", POLICE_KEY, xml,
                withBadBytes(("<?xml version=\"1.0\" encoding=\"UTF-8\"?><referral xmlns=\"" + XML_NS
                        + "\"><sourceRef>Zo\u0000</sourceRef></referral>").getBytes(StandardCharsets.UTF_8)), true)
                .statusCode());

        String fhirJson = "application/fhir+json";
        String fhirXml = "application/fhir+xml";
        answers.put("fhir $process-message: nesting 100000", post("/fhir/$process-message", HOSPITAL_KEY, fhirJson,
                ("{\"resourceType\":\"Bundle\",\"entry\":" + new String(deepJson, StandardCharsets.US_ASCII) + "}")
                        .getBytes(StandardCharsets.US_ASCII), true).statusCode());
        answers.put("fhir $process-message: huge number", post("/fhir/$process-message", HOSPITAL_KEY, fhirJson,
                ("{\"resourceType\":\"Bundle\",\"total\":" + "9".repeat(200_000) + "}").getBytes(StandardCharsets.US_ASCII),
                true).statusCode());
        answers.put("fhir $process-message: invalid UTF-8", post("/fhir/$process-message", HOSPITAL_KEY, fhirJson,
                withBadBytes("{\"resourceType\":\"Bundle\",\"id\":\"Zo\u0000\"}".getBytes(StandardCharsets.UTF_8)), true)
                .statusCode());
        answers.put("fhir $process-message: 30 MB, declared length", declaredButUnsent("/fhir/$process-message",
                30 * 1024 * 1024));
        answers.put("fhir Task: XXE file", post("/fhir/Task", HOSPITAL_KEY, fhirXml,
                fhirXxe(secret.toUri().toString()), true).statusCode());
        answers.put("fhir Task: XXE http", post("/fhir/Task", HOSPITAL_KEY, fhirXml, fhirXxe(httpEntity), true)
                .statusCode());
        answers.put("fhir Task: billion laughs", post("/fhir/Task", HOSPITAL_KEY, fhirXml,
                billionLaughs("Task", "http://hl7.org/fhir"), true).statusCode());
        answers.put("fhir Task: nesting 100000", post("/fhir/Task", HOSPITAL_KEY, fhirJson,
                ("{\"resourceType\":\"Task\",\"x\":" + new String(deepJson, StandardCharsets.US_ASCII) + "}")
                        .getBytes(StandardCharsets.US_ASCII), true).statusCode());
        answers.put("fhir Consent: nesting 100000", post("/fhir/Consent", POLICE_KEY, fhirJson,
                ("{\"resourceType\":\"Consent\",\"x\":" + new String(deepJson, StandardCharsets.US_ASCII) + "}")
                        .getBytes(StandardCharsets.US_ASCII), true).statusCode());
        answers.put("fhir Consent: huge exponent", post("/fhir/Consent", POLICE_KEY, fhirJson,
                "{\"resourceType\":\"Consent\",\"x\":1e999999999}".getBytes(StandardCharsets.US_ASCII), true)
                .statusCode());
        answers.put("fhir $process-message: huge exponent", post("/fhir/$process-message", HOSPITAL_KEY, fhirJson,
                "{\"resourceType\":\"Bundle\",\"total\":1e999999999}".getBytes(StandardCharsets.US_ASCII), true)
                .statusCode());
        answers.put("fhir Consent: invalid UTF-8", post("/fhir/Consent", POLICE_KEY, fhirJson,
                withBadBytes("{\"resourceType\":\"Consent\",\"id\":\"Zo\u0000\"}".getBytes(StandardCharsets.UTF_8)), true)
                .statusCode());
    }

    /** Replaces each NUL placeholder with a byte sequence that is not UTF-8 (a lone continuation byte). */
    private static byte[] withBadBytes(byte[] input) {
        byte[] copy = input.clone();
        for (int i = 0; i < copy.length; i++) {
            if (copy[i] == 0) {
                copy[i] = (byte) 0x80;
            }
        }
        return copy;
    }

    private static byte[] xxe(String systemId) {
        return ("<?xml version=\"1.0\"?><!DOCTYPE referral [<!ENTITY s SYSTEM \"" + systemId + "\">]>"
                + "<referral xmlns=\"" + XML_NS + "\"><sourceRef>&s;</sourceRef></referral>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] fhirXxe(String systemId) {
        return ("<?xml version=\"1.0\"?><!DOCTYPE Task [<!ENTITY s SYSTEM \"" + systemId + "\">]>"
                + "<Task xmlns=\"http://hl7.org/fhir\"><status value=\"accepted\"/><intent value=\"order\"/>"
                + "<description value=\"&s;\"/></Task>").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] billionLaughs(String root, String namespace) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE " + root + " [<!ENTITY lol0 \"lol\">");
        for (int i = 1; i <= 9; i++) {
            xml.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        return xml.append("]><").append(root).append(" xmlns=\"").append(namespace).append("\">&lol9;</")
                .append(root).append(">").toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Declares a huge body and sends only the headers: a hub that buffered before checking would
     * wait for the body; one that checks the declared length answers at once.
     */
    private int declaredButUnsent(String path, long length) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
            socket.setSoTimeout((int) PER_REQUEST.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "X-API-Key: " + (path.startsWith("/fhir") ? HOSPITAL_KEY : POLICE_KEY) + "\r\n"
                    + "X-Request-ID: " + UUID.randomUUID() + "\r\nX-Correlation-ID: " + UUID.randomUUID() + "\r\n"
                    + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder statusLine = new StringBuilder();
            for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
                statusLine.append((char) c);
            }
            return Integer.parseInt(statusLine.toString().split(" ")[1]);
        }
    }

    private HttpResponse<String> post(String path, String key, String contentType, byte[] body, boolean declareLength)
            throws IOException, InterruptedException {
        HttpRequest.BodyPublisher publisher = declareLength
                ? HttpRequest.BodyPublishers.ofByteArray(body)
                : HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body));
        return HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(PER_REQUEST)
                .header("Content-Type", contentType).header("X-API-Key", key)
                .header("X-Request-ID", UUID.randomUUID().toString())
                .header("X-Correlation-ID", UUID.randomUUID().toString())
                .POST(publisher).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri, String key) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(PER_REQUEST).GET();
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private void writeConfig() throws IOException {
        Path config = dir.resolve("config");
        Files.createDirectories(config.resolve("partners"));
        Files.writeString(config.resolve("partners/police-hostile.yaml"), """
                id: police-hostile
                name: Hostileshire Police
                kind: POLICE
                api-key-sha256: %s
                sources:
                  - { type: rest-json, mapper: police-referral-json-v1 }
                  - { type: rest-json, mapper: police-referral-xml-v1 }
                  - { type: fhir-r4, mapper: fhir-consent-r4-v1 }
                """.formatted(ApiKeys.sha256Hex(POLICE_KEY)));
        Files.writeString(config.resolve("partners/hospital-hostile.yaml"), """
                id: hospital-hostile
                name: Hostileshire General Hospital
                kind: HEALTH
                api-key-sha256: %s
                sources:
                  - { type: fhir-r4, mapper: fhir-bars-r4-v1 }
                  - { type: fhir-r4, mapper: fhir-feedback-r4-v1 }
                """.formatted(ApiKeys.sha256Hex(HOSPITAL_KEY)));
        Files.writeString(config.resolve("partners/council-noisy.yaml"), """
                id: council-noisy
                name: Noisyshire Council
                kind: COUNCIL
                api-key-sha256: %s
                sources:
                  - { type: rest-json, mapper: mash-outcome-json-v1 }
                """.formatted(ApiKeys.sha256Hex(NOISY_KEY)));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
