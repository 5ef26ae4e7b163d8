package org.junction.hub.config;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Reloads the configuration when its files change. Editors and deploy tools write a file in
 * several steps, and a change often spans files (a partner and the rule that names it): the watch
 * waits for {@code quiet} without further changes before it reloads, so it applies the finished
 * set rather than a half-written one. A set that is still invalid is refused like any reload.
 */
public class ConfigWatcher implements SmartLifecycle {

    public static final String CALLER = "config-watch";
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path configDir;
    private final Duration quiet;
    private final Runnable reload;
    private volatile WatchService watch;
    private volatile Thread thread;

    public ConfigWatcher(Path configDir, Duration quiet, Runnable reload) {
        this.configDir = configDir;
        this.quiet = quiet;
        this.reload = reload;
    }

    @Override
    public void start() {
        try {
            Files.createDirectories(configDir.resolve(org.junction.adapters.config.ConfigLoader.PARTNERS_DIR));
            Files.createDirectories(configDir.resolve(org.junction.adapters.config.ConfigLoader.AGREEMENTS_DIR));
            watch = FileSystems.getDefault().newWatchService();
            for (Path dir : new Path[] {configDir, configDir.resolve(org.junction.adapters.config.ConfigLoader.PARTNERS_DIR),
                    configDir.resolve(org.junction.adapters.config.ConfigLoader.AGREEMENTS_DIR)}) {
                dir.register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot watch " + configDir, e);
        }
        thread = new Thread(this::run, "junction-config-watch");
        thread.setDaemon(true);
        thread.start();
        log.info("Watching {} for configuration changes", configDir);
    }

    private void run() {
        try {
            while (true) {
                var key = watch.take();
                key.pollEvents();
                key.reset();
                // Wait until the directory has been quiet for a while, then reload once.
                java.nio.file.WatchKey more;
                while ((more = watch.poll(quiet.toMillis(), TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                try {
                    reload.run();
                } catch (RuntimeException e) {
                    log.error("Configuration reload after a file change failed", e);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        try {
            if (watch != null) {
                watch.close();
            }
        } catch (IOException e) {
            log.debug("Closing the configuration watch", e);
        }
        thread = null;
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }
}
