package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChainHasherTest {

    private static final SealedEventContent BASE = new SealedEventContent(7, UUID.fromString(
            "3f1c2a52-8a4e-4d0b-9d43-6f1f0c1e2b3a"), "stage", "RECEIVED", Instant.parse("2026-03-02T09:15:30.123456Z"),
            "system:intake", null, "police-a", null, "SAFEGUARDING", "ACCEPTED", null, 1, List.of("p1:b", "p1:a"));

    @Test
    void sameInputsGiveTheSameLowercaseHexSha256() {
        String h = ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE);

        assertThat(h).matches("[0-9a-f]{64}").isEqualTo(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE));
        assertThat(ChainHasher.GENESIS_HASH).isEqualTo("0".repeat(64));
    }

    @Test
    void seqAndPreviousHashAreBoundIntoTheHash() {
        String h = ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE);

        assertThat(ChainHasher.hash(2, ChainHasher.GENESIS_HASH, BASE)).isNotEqualTo(h);
        assertThat(ChainHasher.hash(1, "1".repeat(64), BASE)).isNotEqualTo(h);
    }

    @Test
    void pseudonymOrderDoesNotMatterButTheirValuesDo() {
        String h = ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE);

        assertThat(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE.withSubjectPseudonyms(List.of("p1:a", "p1:b"))))
                .isEqualTo(h);
        assertThat(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE.withSubjectPseudonyms(List.of("p1:a"))))
                .isNotEqualTo(h);
    }

    @Test
    void fieldBoundariesAndNullsCannotBeShifted() {
        var split1 = with("ab", "c");
        var split2 = with("a", "bc");
        var nullReason = with("a", null);
        var emptyReason = with("a", "");

        assertThat(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, split1))
                .isNotEqualTo(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, split2));
        assertThat(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, nullReason))
                .isNotEqualTo(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, emptyReason));
    }

    @Test
    void subMillisecondChangeOfOccurredAtChangesTheHash() {
        var later = new SealedEventContent(7, BASE.eventId(), "stage", "RECEIVED", BASE.occurredAt().plusNanos(1000),
                "system:intake", null, "police-a", null, "SAFEGUARDING", "ACCEPTED", null, 1, BASE.subjectPseudonyms());

        assertThat(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, later))
                .isNotEqualTo(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE));
    }

    private static SealedEventContent with(String outcome, String reasonCode) {
        return new SealedEventContent(7, BASE.eventId(), "stage", "RECEIVED", BASE.occurredAt(), "system:intake", null,
                "police-a", null, "SAFEGUARDING", outcome, reasonCode, 1, BASE.subjectPseudonyms());
    }
}
