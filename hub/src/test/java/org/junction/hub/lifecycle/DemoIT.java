package org.junction.hub.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo as a newcomer starts it: the packaged hub with the demo profile, run from the
 * repository root, shows DELIVERED and DENIED referrals on its first page within two minutes.
 */
class DemoIT {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path dataDir;

    @Test
    void demoShowsDeliveredAndDeniedReferralsWithinTwoMinutes() throws Exception {
        Path root = Path.of(System.getProperty("junction.root.dir", "..")).toAbsolutePath().normalize();
        Path jar = root.resolve("hub/target/junction-hub.jar");
        assertThat(jar).as("the packaged hub (built by the package phase)").exists();
        int port = freePort();
        int gpPort = freePort();
        Path log = dataDir.resolve("demo.log");
        // The demo's own configuration directory, with the simulated GP moved to a free port.
        Path config = dataDir.resolve("config");
        Path demoConfig = root.resolve("deploy/demo/config");
        try (var files = Files.walk(demoConfig)) {
            for (Path source : files.filter(Files::isRegularFile).toList()) {
                Path target = config.resolve(demoConfig.relativize(source).toString());
                Files.createDirectories(target.getParent());
                Files.writeString(target, Files.readString(source).replace("127.0.0.1:8091", "127.0.0.1:" + gpPort));
            }
        }
        Process demo = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--spring.profiles.active=demo", "--server.port=" + port, "--management.server.port=0",
                "--hub.demo.gp-port=" + gpPort, "--hub.data-dir=" + dataDir.resolve("data"),
                "--hub.config-dir=" + config,
                "--hub.demo.police-interval=1s"))
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(2)).ignoreExceptions().until(() -> {
                String page = page(port);
                return page.contains("class=\"DELIVERED\"") && page.contains("class=\"DENIED\"");
            });
        } finally {
            demo.destroy();
            if (!demo.waitFor(30, TimeUnit.SECONDS)) {
                demo.destroyForcibly();
            }
        }
        assertThat(Files.readString(log)).doesNotContain("ERROR");
        // The simulated partners' people must not appear in the hub's own log either.
        assertThat(org.junction.hub.support.LogHygiene.found(Files.readString(log))).isEmpty();
    }

    private static String page(int port) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
