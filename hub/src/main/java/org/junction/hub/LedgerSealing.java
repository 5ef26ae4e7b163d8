package org.junction.hub;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junction.security.audit.LedgerCheckpointer;
import org.junction.security.audit.LedgerCheckpoints;
import org.junction.security.audit.LedgerSealer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the ledger sealer every {@code hub.seal-interval}, so the unsealed tail stays short,
 * then signs a checkpoint when one is due and copies new checkpoints to this node's file.
 */
class LedgerSealing implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LedgerSealing.class);
    private static final int BATCH = 1000;

    private final LedgerSealer sealer;
    private final java.time.Duration interval;
    private final LedgerCheckpointer checkpointer;
    private final LedgerCheckpoints checkpoints;
    private volatile ScheduledExecutorService executor;

    LedgerSealing(LedgerSealer sealer, java.time.Duration interval, LedgerCheckpointer checkpointer,
                  LedgerCheckpoints checkpoints) {
        this.sealer = sealer;
        this.interval = interval;
        this.checkpointer = checkpointer;
        this.checkpoints = checkpoints;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ledger-sealer");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(() -> {
            sealQuietly();
            checkpointQuietly(false);
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
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
        // Seal what the stopped pipeline wrote, and sign its head, so a clean stop leaves no unsealed
        // or unsigned tail.
        sealQuietly();
        checkpointQuietly(true);
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

    private void checkpointQuietly(boolean now) {
        try {
            if (now) {
                checkpointer.checkpointNow();
            } else {
                checkpointer.checkpointIfDue();
            }
        } catch (RuntimeException e) {
            log.warn("Ledger checkpoint failed, will retry: {}", e.getClass().getSimpleName());
        }
        try {
            // Separately: a checkpoint made by another node still reaches this node's file.
            checkpoints.copyToFile();
        } catch (RuntimeException e) {
            log.warn("Copying ledger checkpoints to the file failed, will retry: {}", e.getMessage());
        }
    }
}
