package org.junction.hub.operations;

import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The alert rules common to every kind: one incident per (kind, partner, subject) while it lasts,
 * updated as it goes on, a new one only after it was resolved; people are told (the webhook) when
 * an incident opens and when it resolves, never once per message.
 */
public class Alerts implements AutoCloseable {

    /** Identifies an incident within its kind. */
    public record Key(String partnerId, String subject) {
        public static Key of(String partnerId) {
            return new Key(partnerId, null);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    /** One incident to count once more, and how many times. */
    private record Pending(AlertKind kind, Key key) {
    }

    private final AlertStore store;
    private final Consumer<Alert> notifier;
    private final Clock clock;
    private final Executor afterCommit;
    private final ConcurrentHashMap<Pending, Long> pending = new ConcurrentHashMap<>();

    /** Raises what transactions ask for after they commit on the committing thread. */
    public Alerts(AlertStore store, Consumer<Alert> notifier, Clock clock) {
        this(store, notifier, clock, Runnable::run);
    }

    /**
     * @param afterCommit runs what {@link #occurredAfterCommit} raises; shut down by {@link #close}
     *                    when it is an {@link ExecutorService}
     */
    public Alerts(AlertStore store, Consumer<Alert> notifier, Clock clock, Executor afterCommit) {
        this.store = Objects.requireNonNull(store);
        this.notifier = Objects.requireNonNull(notifier);
        this.clock = Objects.requireNonNull(clock);
        this.afterCommit = Objects.requireNonNull(afterCommit);
    }

    /** Something happened once more (a circuit opened): the open incident counts it, or a new one starts. */
    public Alert occurred(AlertKind kind, Key key) {
        return raised(store.raise(kind, key.partnerId(), key.subject(), clock.instant(), 1, 0));
    }

    /**
     * As {@link #occurred}, for what the caller's transaction does (a referral held for a decision):
     * raised once it commits, and not at all if it rolls back. Many transactions raising one
     * incident at once (the rows of a bulk run) would otherwise queue on its row, or fail on its
     * key, and the webhook would be called inside them. What waits is counted together.
     */
    public void occurredAfterCommit(AlertKind kind, Key key) {
        Pending incident = new Pending(kind, key);
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            raiseLater(incident);
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                raiseLater(incident);
            }
        });
    }

    private void raiseLater(Pending incident) {
        if (pending.merge(incident, 1L, Long::sum) > 1) {
            return; // a raise of this incident is already queued and takes this one with it
        }
        try {
            afterCommit.execute(() -> raiseNow(incident));
        } catch (RejectedExecutionException shuttingDown) {
            // The transaction has committed; the watches open what still holds once the hub is back.
            pending.remove(incident);
            log.info("Alert {} for partner {} left to the next check: the hub is stopping", incident.kind(),
                    incident.key().partnerId());
        }
    }

    private void raiseNow(Pending incident) {
        Long times = pending.remove(incident);
        if (times == null) {
            return;
        }
        try {
            raised(store.raise(incident.kind(), incident.key().partnerId(), incident.key().subject(),
                    clock.instant(), times, 0));
        } catch (RuntimeException e) {
            // The watches open what still holds on their next round.
            log.warn("Alert {} for partner {} not raised: {}", incident.kind(), incident.key().partnerId(),
                    e.getClass().getSimpleName(), e);
        }
    }

    /**
     * Opens an incident for each key that holds and has none open: what a watch calls, so that an
     * incident whose raise was lost (the process stopped after its transaction committed) opens late,
     * never not at all.
     */
    public void openEach(AlertKind kind, Collection<Key> holding) {
        Set<Key> open = openKeys(kind);
        for (Key key : Set.copyOf(holding)) {
            if (!open.contains(key)) {
                occurred(kind, key);
            }
        }
    }

    /** A condition holds now with the given size (a depth, a number of referrals). */
    public Alert holds(AlertKind kind, Key key, long size) {
        return raised(store.raise(kind, key.partnerId(), key.subject(), clock.instant(), 0, Math.max(size, 1)));
    }

    /** The incident is over, if there was one. */
    public void clear(AlertKind kind, Key key) {
        store.resolve(kind, key.partnerId(), key.subject(), clock.instant()).ifPresent(resolved -> {
            log.info("Alert {} {} resolved for partner {}", resolved.id(), kind, resolved.partnerId());
            notifier.accept(resolved);
        });
    }

    /** Resolves every open incident of the kind whose condition no longer holds. */
    public void clearAllBut(AlertKind kind, Collection<Key> holding) {
        Set<Key> still = Set.copyOf(holding);
        for (Alert open : store.open(kind)) {
            Key key = new Key(open.partnerId(), open.subject());
            if (!still.contains(key)) {
                clear(kind, key);
            }
        }
    }

    public Set<Key> openKeys(AlertKind kind) {
        return store.open(kind).stream().map(a -> new Key(a.partnerId(), a.subject())).collect(Collectors.toSet());
    }

    private Alert raised(AlertStore.Raised raised) {
        Alert alert = raised.alert();
        if (raised.opened()) {
            log.warn("Alert {} {} opened for partner {}", alert.id(), alert.kind(), alert.partnerId());
            notifier.accept(alert);
        }
        return alert;
    }

    @Override
    public void close() {
        if (afterCommit instanceof ExecutorService executor) {
            executor.shutdown();
        }
    }
}
