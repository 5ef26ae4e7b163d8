package org.junction.hub.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.junction.hub.JunctionHub;
import org.junction.hub.support.SampleReferrals;
import org.junction.hub.support.TestPki;
import org.junction.security.identity.ApiKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A hub of its own with HTTPS on, a test certificate authority, two police partners identified by
 * client certificates, and API keys refused (as under the production profile). Partner A has two
 * certificates listed, as during a rotation's overlap window.
 */
class MutualTlsIT {

    private static final String A = "police-mtls-a";
    private static final String B = "police-mtls-b";
    private static final String KEY_A = "mtls-a-api-key-0001";
    private static final String KEY_B = "mtls-b-api-key-0001";

    @TempDir
    static Path dir;

    private static TestPki ca;
    private static TestPki.Issued certA;
    private static TestPki.Issued certANext;
    private static TestPki.Issued certB;
    private static TestPki.Issued certBExpired;
    private static ConfigurableApplicationContext hub;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        ca = new TestPki("Junction Test Partner CA");
        certA = ca.client(A);
        certANext = ca.client(A + "-next");
        certB = ca.client(B);
        certBExpired = ca.expiredClient(B + "-old");
        Path keystore = TestPki.keyStore(ca.server(), dir.resolve("tls/hub.p12"));
        Path truststore = ca.trustStore(dir.resolve("tls/partner-cas.p12"));
        Path password = Files.writeString(dir.resolve("tls/store.password"), TestPki.STORE_PASSWORD + "\n");
        writeConfig(dir.resolve("config"));
        hub = new SpringApplicationBuilder(JunctionHub.class).run(
                "--server.port=0", "--management.server.port=0",
                "--hub.data-dir=" + dir,
                "--hub.config-dir=" + dir.resolve("config"),
                "--hub.config-watch=false",
                "--hub.tls.enabled=true",
                "--hub.tls.keystore=" + keystore,
                "--hub.tls.keystore-password=file:" + password,
                "--hub.tls.truststore=" + truststore,
                "--hub.tls.truststore-password=file:" + password,
                "--hub.tls.client-auth=WANT",
                "--hub.security.api-keys-allowed=false");
        port = Integer.parseInt(hub.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void partnerCertificateIsAcceptedOverTls13() throws Exception {
        var response = post(client(ca.clientContext(certA)), Map.of());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.3"));
    }

    @Test
    void bothCertificatesOfARotationAreAcceptedAndTls12StillServes() throws Exception {
        var tls12 = new SSLParameters();
        tls12.setProtocols(new String[] {"TLSv1.2"});
        var response = post(HttpClient.newBuilder().sslContext(ca.clientContext(certANext)).sslParameters(tls12)
                .version(HttpClient.Version.HTTP_1_1).build(), Map.of());
        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.sslSession()).hasValueSatisfying(s -> assertThat(s.getProtocol()).isEqualTo("TLSv1.2"));
    }

    @Test
    void certificateOfAWithTheApiKeyOfBIsForbidden() throws Exception {
        assertThat(post(client(ca.clientContext(certA)), Map.of("X-API-Key", KEY_B)).statusCode()).isEqualTo(403);
        // A's own key with A's certificate is no contradiction.
        assertThat(post(client(ca.clientContext(certA)), Map.of("X-API-Key", KEY_A)).statusCode()).isEqualTo(202);
    }

    @Test
    void requestNamingAnotherPartnerIsForbidden() throws Exception {
        assertThat(post(client(ca.clientContext(certA)), Map.of("X-Partner-ID", B)).statusCode()).isEqualTo(403);
        assertThat(post(client(ca.clientContext(certB)), Map.of("X-Partner-ID", B)).statusCode()).isEqualTo(202);
    }

    @Test
    void certificateListedForNoPartnerIsUnauthenticated() throws Exception {
        TestPki.Issued stranger = ca.client("police-mtls-stranger");
        var response = post(client(ca.clientContext(stranger)), Map.of("X-API-Key", KEY_A));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.body()).doesNotContain(KEY_A);
    }

    /** Left listed after a rotation, an expired certificate still identifies nobody. */
    @Test
    void expiredCertificateIsRefusedThoughItsFingerprintIsListed() {
        SSLContext context = ca.clientContext(certBExpired);
        Throwable failure = catchThrowable(() -> {
            var response = post(client(context), Map.of());
            assertThat(response.statusCode()).isEqualTo(401);
        });
        if (failure != null) {
            assertThat(failure).isInstanceOf(IOException.class);
        }
    }

    @Test
    void certificateFromAnUntrustedAuthorityIsRefused() {
        TestPki other = new TestPki("Somebody Else's CA");
        TestPki.Issued foreign = other.client(A);
        // The client trusts the hub; the hub does not trust the issuer of the client's certificate.
        SSLContext context = ca.clientContext(foreign);
        Throwable failure = catchThrowable(() -> {
            var response = post(client(context), Map.of());
            assertThat(response.statusCode()).isEqualTo(401);
        });
        if (failure != null) {
            assertThat(failure).isInstanceOf(IOException.class);
        }
    }

    @Test
    void apiKeyWithoutACertificateIsUnauthenticatedWhileKeysAreRefused() throws Exception {
        var response = post(client(ca.clientContext(null)), Map.of("X-API-Key", KEY_A));
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    /**
     * The JDK's own client will not offer TLS 1.1 by default (jdk.tls.disabledAlgorithms), which
     * would prove nothing about the hub; a hand-made TLS 1.1 ClientHello does not depend on it.
     */
    @Test
    void tls11ClientHelloIsRefused() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(tls11ClientHello());
            out.flush();
            InputStream in = socket.getInputStream();
            int contentType;
            try {
                contentType = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the hub neither answered nor closed a TLS 1.1 handshake", e);
            } catch (IOException reset) {
                contentType = -1;
            }
            // 22 would be a ServerHello; 21 is an alert, -1 a closed connection.
            assertThat(contentType).isIn(21, -1);
        }
    }

    @Test
    void plainHttpOnTheTlsPortGetsNoReferralThrough() throws Exception {
        Throwable failure = catchThrowable(() -> {
            var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/v1/referrals"))
                    .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                    .header("X-Request-ID", UUID.randomUUID().toString())
                    .POST(HttpRequest.BodyPublishers.ofString(SampleReferrals.police("9990000158", "Odile", "Brackwater")))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(400);
        });
        if (failure != null) {
            assertThat(failure).isInstanceOf(IOException.class);
        }
    }

    private static byte[] tls11ClientHello() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        ByteBuffer body = ByteBuffer.allocate(2 + 32 + 1 + 2 + 4 + 2);
        body.put((byte) 3).put((byte) 2);                    // client_version TLS 1.1
        body.put(random);
        body.put((byte) 0);                                  // no session id
        body.putShort((short) 4).putShort((short) 0xc013).putShort((short) 0x002f);
        body.put((byte) 1).put((byte) 0);                    // null compression only
        byte[] hello = body.array();
        ByteBuffer record = ByteBuffer.allocate(5 + 4 + hello.length);
        record.put((byte) 22).put((byte) 3).put((byte) 2).putShort((short) (4 + hello.length));
        record.put((byte) 1).put((byte) 0).putShort((short) hello.length);
        record.put(hello);
        return record.array();
    }

    private static HttpClient client(SSLContext context) {
        return HttpClient.newBuilder().sslContext(context).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    private static HttpResponse<String> post(HttpClient client, Map<String, String> headers) throws Exception {
        var request = HttpRequest.newBuilder(URI.create("https://localhost:" + port + "/api/v1/referrals"))
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .header("X-Request-ID", "mtls-" + UUID.randomUUID());
        headers.forEach(request::header);
        return client.send(request.POST(HttpRequest.BodyPublishers.ofString(
                SampleReferrals.police("9990000166", "Perpetua", "Quillfeather"))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void writeConfig(Path config) throws IOException {
        Files.createDirectories(config.resolve("partners"));
        Files.writeString(config.resolve("partners/" + A + ".yaml"), """
                id: %s
                name: Mutualshire Police
                kind: POLICE
                api-key-sha256: %s
                client-certificates: [%s, %s]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(A, ApiKeys.sha256Hex(KEY_A), certA.sha256(), certANext.sha256()));
        Files.writeString(config.resolve("partners/" + B + ".yaml"), """
                id: %s
                name: Bordershire Police
                kind: POLICE
                api-key-sha256: %s
                client-certificates: [%s, %s]
                sources: [{ type: rest-json, mapper: police-referral-json-v1 }]
                """.formatted(B, ApiKeys.sha256Hex(KEY_B), certB.sha256(), certBExpired.sha256()));
    }
}
