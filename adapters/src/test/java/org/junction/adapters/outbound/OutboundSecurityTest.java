package org.junction.adapters.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junction.adapters.restjson.RestJsonAdapter;
import org.junction.adapters.spi.AdapterSettings;
import org.junction.adapters.spi.Direction;
import org.junction.adapters.spi.SettingProblem;
import org.junction.mappings.MapperRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutboundSecurityTest {

    private static final MapperRegistry MAPPERS = MapperRegistry.standard();
    private final RestJsonAdapter restJson = new RestJsonAdapter(MAPPERS, Duration.ofSeconds(1), Duration.ofSeconds(1),
            Clock.systemUTC());

    @TempDir
    Path dir;

    @Test
    void completeClientAssertionSettingsPass() throws Exception {
        Path key = rsaKey(2048);
        assertThat(problems(Map.of("token-endpoint", "https://idp.example/oauth2/token", "client-id", "abc",
                "assertion-key", "file:" + key, "key-id", "k1"), null)).isEmpty();
    }

    @Test
    void everyIncompleteOrInlineSettingIsNamed() throws Exception {
        Path small = rsaKey(1024);
        assertThat(problems(Map.of("token-endpoint", "ftp://idp.example/token", "assertion-key", "file:" + small), null))
                .extracting(SettingProblem::key)
                .containsExactlyInAnyOrder("options.client-id", "options.key-id", "options.token-endpoint",
                        "options.assertion-key");
        assertThat(problems(Map.of("token-endpoint", "https://idp.example/token", "client-id", "abc", "key-id", "k1",
                "assertion-key", "-----BEGIN PRIVATE KEY-----"), null))
                .extracting(SettingProblem::key, SettingProblem::reason)
                .singleElement().satisfies(p -> assertThat(p.toString()).contains("options.assertion-key", "reference"));
        assertThat(problems(Map.of("client-keystore", dir.resolve("missing.p12").toString(),
                "client-keystore-password", "plain-password", "trust-store", dir.resolve("missing.pem").toString()), null))
                .extracting(SettingProblem::key)
                .containsExactlyInAnyOrder("options.client-keystore-password", "options.trust-store");
        assertThat(problems(Map.of("token-endpoint", "https://idp.example/token", "client-id", "abc", "key-id", "k1",
                "assertion-key", "file:" + rsaKey(2048)), "env:STATIC_TOKEN"))
                .extracting(SettingProblem::key).contains("credentials");
    }

    @Test
    void clientKeystoreThatDoesNotOpenIsNamedWithoutItsPassword() throws Exception {
        Path notAStore = Files.writeString(dir.resolve("client.p12"), "not a keystore");
        Path password = Files.writeString(dir.resolve("password"), "very-secret-store-password");
        assertThat(problems(Map.of("client-keystore", notAStore.toString(),
                "client-keystore-password", "file:" + password), null))
                .singleElement().satisfies(p -> {
                    assertThat(p.key()).isEqualTo("options.client-keystore");
                    assertThat(p.reason()).doesNotContain("very-secret-store-password");
                });
    }

    private java.util.List<SettingProblem> problems(Map<String, String> options, String credentials) {
        return restJson.validate(Direction.SINK, new AdapterSettings("rest-json", "https://partner.example/referrals",
                "council-referral-json-v1", credentials, options), MAPPERS);
    }

    private Path rsaKey(int bits) throws Exception {
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return Files.writeString(Files.createTempFile(dir, "key-" + bits, ".pem"), pem);
    }
}
