package org.junction.adapters.intake;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Bundles a stage of this node has just sealed into a message, kept parsed for the stage that
 * takes the message next, so that stage does not parse again what was in memory a moment before
 * (HAPI's parser and writer were a sixth of the hub's CPU, and it parsed each referral three times).
 *
 * <p>A Bundle is handed over only for the very envelope it was sealed into, compared byte for
 * byte: whatever the taker holds is then exactly what the Bundle was written as. Anything else (a
 * message sealed on another node, a replay, a re-send sealed again, an entry evicted or expired)
 * finds nothing, and the taker opens and parses the envelope as it always can. Each Bundle is
 * taken once, so it is never read by two threads; the giver must not touch it after
 * {@link #put}. Entries are bounded in number and age, so a backlog costs a miss, not memory; one
 * past its age is dropped at the next put, take or count ({@link #held}, which the metrics read).
 */
public final class BundleHandOff {

    /** Which message: a referral's, for a recipient (null for the intake message), in a generation. */
    public record Key(UUID trackingId, String recipient, int generation) {

        public Key {
            Objects.requireNonNull(trackingId, "trackingId");
        }
    }

    private record Entry(byte[] envelope, Bundle bundle, long putAt) {
    }

    private final int capacity;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final LinkedHashMap<Key, Entry> entries = new LinkedHashMap<>();
    private final LongAdder taken = new LongAdder();
    private final LongAdder missed = new LongAdder();

    /**
     * @param capacity    Bundles held at most, the oldest dropped first; 0 hands nothing over
     * @param maxAgeNanos how long a Bundle may wait for its taker
     * @param nanoTime    the monotonic clock, {@code System::nanoTime} outside tests
     */
    public BundleHandOff(int capacity, long maxAgeNanos, LongSupplier nanoTime) {
        if (capacity < 0 || maxAgeNanos <= 0) {
            throw new IllegalArgumentException("capacity must be 0 or more and the age positive");
        }
        this.capacity = capacity;
        this.maxAgeNanos = maxAgeNanos;
        this.nanoTime = Objects.requireNonNull(nanoTime);
    }

    /** Holds {@code bundle} for whoever takes the message that carries exactly {@code envelope}. */
    public void put(Key key, byte[] envelope, Bundle bundle) {
        Objects.requireNonNull(key);
        Objects.requireNonNull(envelope);
        Objects.requireNonNull(bundle);
        if (capacity == 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        synchronized (entries) {
            dropExpired(now);
            // Put again (the same decision taken twice after a rollback): the later seal is the one
            // that can have been committed, and it goes to the back of the line.
            entries.remove(key);
            entries.put(key, new Entry(envelope, bundle, now));
            if (entries.size() > capacity) {
                Iterator<Entry> eldest = entries.values().iterator();
                eldest.next();
                eldest.remove();
            }
        }
    }

    /**
     * The Bundle sealed into {@code envelope} under {@code key}, if this node still holds it; it is
     * then the caller's alone.
     */
    public Optional<Bundle> take(Key key, byte[] envelope) {
        long now = nanoTime.getAsLong();
        Entry entry;
        synchronized (entries) {
            entry = entries.remove(key);
            dropExpired(now);
        }
        if (entry == null || now - entry.putAt() > maxAgeNanos || !Arrays.equals(entry.envelope(), envelope)) {
            missed.increment();
            return Optional.empty();
        }
        taken.increment();
        return Optional.of(entry.bundle());
    }

    /** Bundles handed over since start. */
    public long taken() {
        return taken.sum();
    }

    /** Takes that found nothing to use, so the taker parsed the envelope. */
    public long missed() {
        return missed.sum();
    }

    /** Bundles held now, after dropping those past their age. */
    public int held() {
        long now = nanoTime.getAsLong();
        synchronized (entries) {
            dropExpired(now);
            return entries.size();
        }
    }

    private void dropExpired(long now) {
        // Insertion order is age order: the first young entry ends the sweep.
        Iterator<Map.Entry<Key, Entry>> oldestFirst = entries.entrySet().iterator();
        while (oldestFirst.hasNext() && now - oldestFirst.next().getValue().putAt() > maxAgeNanos) {
            oldestFirst.remove();
        }
    }
}
