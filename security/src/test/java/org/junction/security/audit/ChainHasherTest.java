package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class ChainHasherTest {

    private static final String PINNED_V1_HASH = "a342b0a844ab868e47810f00908c7720849b05e04f6b9117cd05553d800aa3a4";

    private static final SealedEventContent BASE = new SealedEventContent(7, UUID.fromString(
            "3f1c2a52-8a4e-4d0b-9d43-6f1f0c1e2b3a"), "stage", "RECEIVED", Instant.parse("2026-03-02T09:15:30.123456Z"),
            "system:intake", null, "police-a", null, "SAFEGUARDING", "ACCEPTED", null, 1, List.of("p1:b", "p1:a"),
            LedgerDetails.NONE);

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
                "system:intake", null, "police-a", null, "SAFEGUARDING", "ACCEPTED", null, 1, BASE.subjectPseudonyms(),
                LedgerDetails.NONE);

        assertThat(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, later))
                .isNotEqualTo(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE));
    }

    @Test
    void anEventWithoutDetailsHashesAsLinksSealedBeforeDetailsExisted() {
        // Pinned: the hash of this event under the first encoding, so old chains keep verifying.
        assertThat(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE)).isEqualTo(PINNED_V1_HASH);
    }

    @Test
    void everyDetailIsBoundIntoTheHash() {
        var details = new LedgerDetails("corr-1", "OVERRIDE", List.of("UK-GDPR-6.1.e", "DPA-S10"), "isa-1", 2,
                "police-to-gp", UUID.fromString("9a1c2a52-8a4e-4d0b-9d43-6f1f0c1e2b3a"),
                UUID.fromString("8b1c2a52-8a4e-4d0b-9d43-6f1f0c1e2b3a"), "decision-maker-1",
                List.of("HEALTH", "IDENTITY"), List.of(LedgerDetails.RESTRICTED_DISCLOSURE));
        String h = hash(details);

        assertThat(h).isNotEqualTo(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, BASE));
        List<LedgerDetails> changed = List.of(
                details.withCorrelationId("corr-2"),
                new LedgerDetails("corr-1", "CONSENT_AGREEMENT", details.basisCodes(), "isa-1", 2, "police-to-gp",
                        details.consentId(), details.decisionId(), "decision-maker-1", details.dataCategories(),
                        details.labels()),
                new LedgerDetails("corr-1", "OVERRIDE", List.of("DPA-S10", "UK-GDPR-6.1.e"), "isa-1", 2,
                        "police-to-gp", details.consentId(), details.decisionId(), "decision-maker-1",
                        details.dataCategories(), details.labels()),
                new LedgerDetails("corr-1", "OVERRIDE", details.basisCodes(), "isa-1", 3, "police-to-gp",
                        details.consentId(), details.decisionId(), "decision-maker-1", details.dataCategories(),
                        details.labels()),
                details.withDecisionMaker("decision-maker-2"),
                new LedgerDetails("corr-1", "OVERRIDE", details.basisCodes(), "isa-1", 2, "police-to-gp",
                        details.consentId(), details.decisionId(), "decision-maker-1", List.of("HEALTH"),
                        details.labels()),
                details.withLabels(List.of()));
        for (LedgerDetails other : changed) {
            assertThat(hash(other)).as("%s", other).isNotEqualTo(h);
        }
        // A code moved from one list to the next is a different event, too.
        assertThat(hash(new LedgerDetails(null, null, List.of("A"), null, null, null, null, null, null, List.of(),
                List.of()))).isNotEqualTo(hash(new LedgerDetails(null, null, List.of(), null, null, null, null, null,
                null, List.of("A"), List.of())));
    }

    @Test
    void codesWithSpacesAreRefusedBecauseTheyCouldNotBeReadBack() {
        org.assertj.core.api.Assertions.assertThatIllegalArgumentException().isThrownBy(() -> new LedgerDetails(
                null, null, List.of("two words"), null, null, null, null, null, null, List.of(), List.of()));
    }

    private static String hash(LedgerDetails details) {
        return ChainHasher.hash(1, ChainHasher.GENESIS_HASH, new SealedEventContent(7, BASE.eventId(), "stage",
                "DECIDED", BASE.occurredAt(), "hub", null, "police-a", "gp-a", "SAFEGUARDING", "PERMIT", null, 1,
                BASE.subjectPseudonyms(), details));
    }

    private static SealedEventContent with(String outcome, String reasonCode) {
        return new SealedEventContent(7, BASE.eventId(), "stage", "RECEIVED", BASE.occurredAt(), "system:intake", null,
                "police-a", null, "SAFEGUARDING", outcome, reasonCode, 1, BASE.subjectPseudonyms(), LedgerDetails.NONE);
    }
}
