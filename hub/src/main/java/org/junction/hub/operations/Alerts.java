package org.junction.hub.operations;

import java.time.Clock;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alert rules common to every kind: one incident per (kind, partner, subject) while it lasts,
 * updated as it goes on, a new one only after it was resolved; people are told (the webhook) when
 * an incident opens and when it resolves, never once per message.
 */
public class Alerts {

    /** Identifies an incident within its kind. */
    public record Key(String partnerId, String subject) {
        public static Key of(String partnerId) {
            return new Key(partnerId, null);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(Alerts.class);

    private final AlertStore store;
    private final Consumer<Alert> notifier;
    private final Clock clock;

    public Alerts(AlertStore store, Consumer<Alert> notifier, Clock clock) {
        this.store = Objects.requireNonNull(store);
        this.notifier = Objects.requireNonNull(notifier);
        this.clock = Objects.requireNonNull(clock);
    }

    /** Something happened once more (a circuit opened): the open incident counts it, or a new one starts. */
    public Alert occurred(AlertKind kind, Key key) {
        return raised(store.raise(kind, key.partnerId(), key.subject(), clock.instant(), 1, 0));
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
}
