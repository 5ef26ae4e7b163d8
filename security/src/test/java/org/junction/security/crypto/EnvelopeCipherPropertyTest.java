package org.junction.security.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junction.security.keys.TestKeys;

class EnvelopeCipherPropertyTest {

    private final EnvelopeCipher cipher = new EnvelopeCipher(TestKeys.ring());

    @Property(tries = 300, seed = "20261122")
    void openOfSealIsTheIdentity(@ForAll("payloads") byte[] plaintext, @ForAll("payloads") byte[] associatedData) {
        assertThat(cipher.open(cipher.seal(plaintext, associatedData), associatedData)).isEqualTo(plaintext);
    }

    @Example
    void emptyArraysRoundTrip() {
        assertThat(cipher.open(cipher.seal(new byte[0], new byte[0]), new byte[0])).isEmpty();
    }

    @Provide
    Arbitrary<byte[]> payloads() {
        // jqwik favours small sizes and includes the empty array as an edge case; the upper bound
        // still crosses many GCM blocks
        return Arbitraries.bytes().array(byte[].class).ofMinSize(0).ofMaxSize(4096);
    }
}
