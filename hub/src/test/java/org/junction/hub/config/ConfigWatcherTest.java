package org.junction.hub.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A burst of file changes in the configuration directory leads to one reload, once it is quiet. */
class ConfigWatcherTest {

    @TempDir
    Path dir;

    @Test
    void burstOfChangesReloadsOnceAfterTheQuietPeriod() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        var watcher = new ConfigWatcher(dir, Duration.ofMillis(400), reloads::incrementAndGet);
        watcher.start();
        try {
            for (int i = 0; i < 5; i++) {
                Files.writeString(dir.resolve("partners").resolve("p" + i + ".yaml"), "id: p" + i + "\n");
                Thread.sleep(50);
            }
            Files.writeString(dir.resolve("partners").resolve("p5.yaml"), "id: p5\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> reloads.get() >= 1);
            // Quiet again: no further reload follows the one that took the whole burst.
            Thread.sleep(1_500);
            assertThat(reloads).hasValue(1);

            Files.delete(dir.resolve("partners").resolve("p0.yaml"));
            await().atMost(Duration.ofSeconds(20)).until(() -> reloads.get() == 2);
        } finally {
            watcher.stop();
        }
        assertThat(watcher.isRunning()).isFalse();
    }

    @Test
    void anAgreementFileChangeReloads() throws Exception {
        AtomicInteger reloads = new AtomicInteger();
        var watcher = new ConfigWatcher(dir, Duration.ofMillis(200), reloads::incrementAndGet);
        watcher.start();
        try {
            Files.writeString(dir.resolve("agreements").resolve("a.yaml"), "id: a\n");

            await().atMost(Duration.ofSeconds(20)).until(() -> reloads.get() >= 1);
        } finally {
            watcher.stop();
        }
    }
}
