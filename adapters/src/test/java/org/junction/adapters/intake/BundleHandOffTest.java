package org.junction.adapters.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

class BundleHandOffTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(42 * SECOND);
    private final BundleHandOff handOff = new BundleHandOff(2, 30 * SECOND, now::get);

    @Test
    void theBundleGoesOnceToWhoeverTakesItsVeryEnvelope() {
        var key = BundleHandOffs.dispatchKey(UUID.randomUUID(), "council", 1);
        Bundle bundle = new Bundle();
        byte[] envelope = {1, 2, 3};
        handOff.put(key, envelope, bundle);

        assertThat(handOff.take(key, new byte[] {1, 2, 3})).containsSame(bundle);
        assertThat(handOff.take(key, envelope)).isEmpty();
        assertThat(handOff.taken()).isEqualTo(1);
        assertThat(handOff.missed()).isEqualTo(1);
    }

    @Test
    void anotherEnvelopeUnderTheSameKeyFindsNothingAndTheEntryIsGone() {
        var key = BundleHandOffs.intakeKey(UUID.randomUUID(), 1);
        byte[] sealed = {1, 2, 3};
        handOff.put(key, sealed, new Bundle());

        // Sealed again (a re-send, or another node's seal of the same referral): same key, other bytes.
        assertThat(handOff.take(key, new byte[] {1, 2, 4})).isEmpty();
        assertThat(handOff.take(key, sealed)).isEmpty();
        assertThat(handOff.held()).isZero();
    }

    @Test
    void keysDifferByRecipientAndGeneration() {
        UUID trackingId = UUID.randomUUID();
        byte[] envelope = {7};
        handOff.put(BundleHandOffs.dispatchKey(trackingId, "council", 1), envelope, new Bundle());

        assertThat(handOff.take(BundleHandOffs.dispatchKey(trackingId, "mash", 1), envelope)).isEmpty();
        assertThat(handOff.take(BundleHandOffs.dispatchKey(trackingId, "council", 2), envelope)).isEmpty();
        assertThat(handOff.take(BundleHandOffs.intakeKey(trackingId, 1), envelope)).isEmpty();
        assertThat(handOff.take(BundleHandOffs.dispatchKey(trackingId, "council", 1), envelope)).isPresent();
    }

    @Test
    void pastItsCapacityTheOldestIsDropped() {
        var first = BundleHandOffs.intakeKey(UUID.randomUUID(), 1);
        var second = BundleHandOffs.intakeKey(UUID.randomUUID(), 1);
        var third = BundleHandOffs.intakeKey(UUID.randomUUID(), 1);
        byte[] envelope = {9};
        handOff.put(first, envelope, new Bundle());
        handOff.put(second, envelope, new Bundle());
        // Put again, the first goes to the back of the line, and the second is now the oldest.
        handOff.put(first, envelope, new Bundle());
        handOff.put(third, envelope, new Bundle());

        assertThat(handOff.held()).isEqualTo(2);
        assertThat(handOff.take(second, envelope)).isEmpty();
        assertThat(handOff.take(first, envelope)).isPresent();
        assertThat(handOff.take(third, envelope)).isPresent();
    }

    @Test
    void aBundleOlderThanItsAgeIsNeitherHandedOverNorKept() {
        var stale = BundleHandOffs.intakeKey(UUID.randomUUID(), 1);
        var fresh = BundleHandOffs.intakeKey(UUID.randomUUID(), 1);
        byte[] envelope = {5};
        handOff.put(stale, envelope, new Bundle());
        now.addAndGet(20 * SECOND);
        handOff.put(fresh, envelope, new Bundle());
        now.addAndGet(11 * SECOND);

        assertThat(handOff.take(stale, envelope)).isEmpty();
        assertThat(handOff.held()).isEqualTo(1);
        now.addAndGet(20 * SECOND);
        // Counting drops it too: a quiet node does not keep a referral past its age.
        assertThat(handOff.held()).isZero();
        assertThat(handOff.take(fresh, envelope)).isEmpty();
    }

    @Test
    void capacityZeroHandsNothingOver() {
        var off = new BundleHandOff(0, SECOND, now::get);
        var key = BundleHandOffs.intakeKey(UUID.randomUUID(), 1);
        off.put(key, new byte[] {1}, new Bundle());

        assertThat(off.take(key, new byte[] {1})).isEmpty();
        assertThat(off.held()).isZero();
    }

    @Test
    void boundsAreChecked() {
        assertThatThrownBy(() -> new BundleHandOff(-1, SECOND, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BundleHandOff(1, 0, now::get)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BundleHandOffs.dispatchKey(UUID.randomUUID(), null, 1))
                .isInstanceOf(NullPointerException.class);
    }
}
