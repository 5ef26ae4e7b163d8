package org.junction.adapters.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import javax.crypto.spec.SecretKeySpec;
import org.junction.mappings.canonical.SubjectIdentifier;
import org.junction.security.keys.KeyRing;
import org.junction.security.pseudonym.Pseudonymiser;
import org.junction.adapters.intake.RunMarks.Mark;
import org.junction.adapters.intake.RunMarks.Marked;
import org.junit.jupiter.api.Test;

class RunMarksTest {

    private static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";

    @Test
    void everySubjectOfAFeedsFirstRunIsNew() {
        List<Marked> marked = RunMarks.mark(rows("a", "b", "c"), List.of());

        assertThat(marked).extracting(Marked::mark).containsExactly(Mark.NEW, Mark.NEW, Mark.NEW);
        assertThat(marked).extracting(Marked::trackingId).doesNotContainNull();
    }

    @Test
    void subjectsListedBeforeContinueNewOnesAreNewAndThoseNoLongerListedLeft() {
        List<BulkRun.Row> now = rows("b", "c", "d");

        List<Marked> marked = RunMarks.mark(now, previous("a", "b", "c"));

        assertThat(marked).hasSize(4);
        assertThat(marked.subList(0, 3)).extracting(Marked::mark)
                .containsExactly(Mark.CONTINUING, Mark.CONTINUING, Mark.NEW);
        assertThat(marked.subList(0, 3)).extracting(Marked::trackingId)
                .containsExactlyElementsOf(now.stream().map(BulkRun.Row::trackingId).toList());
        Marked left = marked.get(3);
        assertThat(left.mark()).isEqualTo(Mark.LEFT);
        assertThat(left.trackingId()).as("a subject who left has no row in this run").isNull();
        assertThat(left.pseudonyms()).containsExactly("ps-a");
    }

    @Test
    void aSubjectIsTheSameWhenAnyOfItsPseudonymsMatches() {
        var row = new BulkRun.Row(UUID.randomUUID(), List.of("ps-nhs-1", "ps-police-1"));

        List<Marked> marked = RunMarks.mark(List.of(row), List.of(List.of("ps-police-1")));

        assertThat(marked).extracting(Marked::mark).containsExactly(Mark.CONTINUING);
    }

    @Test
    void rowsWithoutIdentifiersCannotBeMatchedAndNeverLeave() {
        var anonymous = new BulkRun.Row(UUID.randomUUID(), List.of());

        List<Marked> marked = RunMarks.mark(List.of(anonymous), List.of(List.of(), List.of()));

        assertThat(marked).extracting(Marked::mark).containsExactly(Mark.NEW);
    }

    @Test
    void aSubjectListedTwiceInThePreviousRunLeavesOnce() {
        List<Marked> marked = RunMarks.mark(rows("b"), previous("a", "a", "b"));

        assertThat(marked).extracting(Marked::mark).containsExactly(Mark.CONTINUING, Mark.LEFT);
    }

    @Test
    void aPseudonymKeyRotatedBetweenTwoRunsStillMatchesEverySubject() {
        List<SubjectIdentifier> stayed = List.of(new SubjectIdentifier(NHS_NUMBER, "9990000018"));
        List<SubjectIdentifier> went = List.of(new SubjectIdentifier(NHS_NUMBER, "9990000026"));
        List<SubjectIdentifier> arrived = List.of(new SubjectIdentifier(NHS_NUMBER, "9990000034"));
        KeyRing before = KeyRing.builder().kek("k1", aes(1)).activeKek("k1")
                .pseudonymKey("p1", hmac(2)).activePseudonymKey("p1").build();
        // Rotated: a new active key, the old one still held.
        KeyRing after = before.withPseudonymKey("p2", hmac(3)).withActivePseudonymKey("p2");
        Pseudonymiser then = new Pseudonymiser(before);
        Pseudonymiser now = new Pseudonymiser(after);
        List<List<String>> previous = List.of(RunMarks.pseudonymsOf(then, stayed), RunMarks.pseudonymsOf(then, went));

        List<Marked> marked = RunMarks.mark(List.of(
                new BulkRun.Row(UUID.randomUUID(), RunMarks.pseudonymsOf(now, stayed)),
                new BulkRun.Row(UUID.randomUUID(), RunMarks.pseudonymsOf(now, arrived))), previous);

        assertThat(marked).extracting(Marked::mark).containsExactly(Mark.CONTINUING, Mark.NEW, Mark.LEFT);
        assertThat(marked.get(2).pseudonyms()).isEqualTo(previous.get(1));
        assertThat(RunMarks.pseudonymsOf(now, stayed)).as("under the active key first, then every other key held")
                .hasSize(2).first().asString().startsWith("p2");
    }

    private static SecretKeySpec aes(int seed) {
        return new SecretKeySpec(bytes(seed), "AES");
    }

    private static SecretKeySpec hmac(int seed) {
        return new SecretKeySpec(bytes(seed), "HmacSHA256");
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[KeyRing.KEY_BYTES];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }

    @Test
    void fiveHundredThenFourHundredAndEightyGivesFourHundredAndFiftyContinuingThirtyNewFiftyLeft() {
        List<String> first = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            first.add("s" + i);
        }
        List<String> second = new ArrayList<>(first.subList(50, 500));
        for (int i = 500; i < 530; i++) {
            second.add("s" + i);
        }

        List<Marked> marked = RunMarks.mark(rows(second.toArray(String[]::new)),
                previous(first.toArray(String[]::new)));

        Map<Mark, Long> counts = marked.stream().collect(Collectors.groupingBy(Marked::mark, Collectors.counting()));
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of(Mark.CONTINUING, 450L, Mark.NEW, 30L,
                Mark.LEFT, 50L));
        assertThat(marked.stream().filter(m -> m.mark() == Mark.LEFT).map(m -> m.pseudonyms().get(0)))
                .containsExactlyInAnyOrderElementsOf(first.subList(0, 50).stream().map(s -> "ps-" + s).toList());
    }

    private static List<BulkRun.Row> rows(String... subjects) {
        return java.util.Arrays.stream(subjects)
                .map(s -> new BulkRun.Row(UUID.randomUUID(), List.of("ps-" + s))).toList();
    }

    private static List<List<String>> previous(String... subjects) {
        return java.util.Arrays.stream(subjects).map(s -> List.of("ps-" + s)).map(Function.identity()).toList();
    }
}
