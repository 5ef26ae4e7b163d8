package org.junction.hub.keys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.junction.security.keys.KeyRing;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's key ring as the deployment's key state says it should be now. {@code junction keys
 * rotate}/{@code activate}/{@code retire} record their result in the database ({@link KekRegistry});
 * this notices it and swaps a re-opened ring in, so a running node seals under a newly activated
 * key and stops opening a retired one without a restart. Envelope ciphers read the ring once per
 * call, so each seal or open sees one consistent ring.
 *
 * <p>If the node's keystore does not hold a newly activated key yet, the node keeps sealing under
 * the previous one (which every node can still open) and says so in its log, by key id.
 */
public final class LiveKeyRing implements Supplier<KeyRing>, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(LiveKeyRing.class);

    private final KeyProperties keys;
    private final Path dataDir;
    private final KekRegistry registry;
    private final AtomicReference<KeyRing> current;
    private final ScheduledExecutorService refresher;

    /** @param interval how often the recorded key state is compared with the ring in use; zero: only on {@link #refresh()} */
    public LiveKeyRing(KeyRing initial, KeyProperties keys, Path dataDir, KekRegistry registry, Duration interval) {
        this.keys = keys;
        this.dataDir = dataDir;
        this.registry = registry;
        this.current = new AtomicReference<>(initial);
        if (interval.isZero() || interval.isNegative()) {
            this.refresher = null;
        } else {
            this.refresher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "key-ring-refresh");
                t.setDaemon(true);
                return t;
            });
            refresher.scheduleWithFixedDelay(this::refreshQuietly, interval.toMillis(), interval.toMillis(),
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public KeyRing get() {
        return current.get();
    }

    /**
     * Re-opens the keystore when the recorded state differs from the ring in use: another active id,
     * a key recorded that the ring lacks, or a retired key the ring still holds.
     *
     * @return whether a new ring was swapped in
     */
    public synchronized boolean refresh() {
        KeyRing ring = current.get();
        String active = registry.activeKekId().orElse(keys.activeKekId());
        Map<String, KekRegistry.Status> statuses = registry.statuses();
        Set<String> retired = registry.retiredIds();
        boolean stale = !ring.activeKekId().equals(active)
                || retired.stream().anyMatch(ring::hasKek)
                || statuses.entrySet().stream().anyMatch(e -> e.getValue() != KekRegistry.Status.RETIRED
                        && !ring.hasKek(e.getKey()));
        if (!stale) {
            return false;
        }
        KeyRing next = KeyRingFactory.open(keys, dataDir, active, retired);
        current.set(next);
        log.info("Key ring now {}", next);
        return true;
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            // Keep the ring in use: its active key still opens everywhere until it is retired, which
            // needs this node's data rewrapped first.
            log.error("Cannot apply the recorded key state; keeping {}: {}", current.get(), e.getMessage());
        }
    }

    @Override
    public void close() {
        if (refresher != null) {
            refresher.shutdownNow();
        }
    }
}
