package org.junction.hub.scheduling;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * A check the hub repeats at a fixed delay while it runs, on one daemon thread of its own. A failed
 * pass is logged by exception class only (messages may quote stored data) and the next pass starts
 * again from what is stored, so a failure delays the work and loses none of it.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String threadName;
    private final Duration interval;
    private ScheduledExecutorService executor;

    protected PeriodicTask(String threadName, Duration interval) {
        this.threadName = Objects.requireNonNull(threadName);
        this.interval = Objects.requireNonNull(interval);
    }

    /** One pass. */
    protected abstract void runOnce();

    @Override
    public synchronized void start() {
        if (executor != null) {
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> {
            try {
                runOnce();
            } catch (RuntimeException e) {
                log.warn("{} pass failed, will retry: {}", threadName, e.getClass().getSimpleName());
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
