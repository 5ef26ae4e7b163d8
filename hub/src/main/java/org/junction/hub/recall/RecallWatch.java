package org.junction.hub.recall;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs {@link RecallService#pass()} at a fixed delay while the hub runs. */
public class RecallWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RecallWatch.class);

    private final RecallService recalls;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public RecallWatch(RecallService recalls, Duration interval) {
        this.recalls = recalls;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "junction-recalls");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                recalls.pass();
            } catch (RuntimeException e) {
                // The next pass starts again from the stored facts; the class only, messages may quote data.
                log.warn("Recall pass failed, will retry: {}", e.getClass().getSimpleName());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
