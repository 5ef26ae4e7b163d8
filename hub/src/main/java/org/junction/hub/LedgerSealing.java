package org.junction.hub;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junction.security.audit.LedgerSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs the ledger sealer every {@code hub.ledger.seal-interval}, so the unsealed tail stays short. */
class LedgerSealing implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LedgerSealing.class);
    private static final int BATCH = 1000;

    private final LedgerSealer sealer;
    private final java.time.Duration interval;
    private volatile ScheduledExecutorService executor;

    LedgerSealing(LedgerSealer sealer, java.time.Duration interval) {
        this.sealer = sealer;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledger-sealer");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::sealQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        ScheduledExecutorService running;
        synchronized (this) {
            running = executor;
            executor = null;
        }
        if (running != null) {
            running.shutdown();
            try {
                running.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        // Seal what the stopped pipeline wrote, so a clean stop leaves no unsealed tail.
        sealQuietly();
    }

    /**
     * Started before, and stopped after, every stage that writes ledger events (web, relay, Camel),
     * so the final seal sees everything they wrote.
     */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }

    private void sealQuietly() {
        try {
            while (sealer.sealPending(BATCH) == BATCH) {
                // keep going until the backlog is shorter than one batch
            }
        } catch (RuntimeException e) {
            log.warn("Ledger sealing pass failed, will retry: {}", e.getClass().getSimpleName());
        }
    }
}
