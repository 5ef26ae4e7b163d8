package org.junction.adapters.intake;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junction.mappings.canonical.SubjectIdentifier;
import org.junction.security.pseudonym.Pseudonymiser;

/**
 * Marks the subjects of a bulk run against the previous run of the same feed: NEW when the subject
 * was not in the previous run, CONTINUING when it was, and LEFT for a subject of the previous run
 * that this run no longer lists (it has no row in this run). A subject is the same when any of its
 * pseudonyms matches. A row without any identifier cannot be matched and counts as NEW; a previous
 * subject without one cannot be told to have left and is not listed.
 *
 * <p>A run's subjects are kept under every pseudonym key the hub holds (see {@link #pseudonymsOf}),
 * so a key rotated between two runs does not make every subject NEW and the whole previous run LEFT:
 * the previous run's pseudonyms under the retired key still match this run's under that key.
 */
public final class RunMarks {

    public enum Mark { NEW, CONTINUING, LEFT }

    /** @param trackingId the row's referral; null for a LEFT subject, who has no row in this run */
    public record Marked(UUID trackingId, List<String> pseudonyms, Mark mark) {
        public Marked {
            pseudonyms = List.copyOf(pseudonyms);
        }
    }

    private RunMarks() {
    }

    /**
     * What a row's subject is matched by: a pseudonym of each of its identifiers under every key the
     * hub holds, the active key's first.
     */
    public static List<String> pseudonymsOf(Pseudonymiser pseudonymiser, List<SubjectIdentifier> identifiers) {
        List<String> all = new ArrayList<>();
        for (SubjectIdentifier id : identifiers) {
            all.addAll(pseudonymiser.pseudonymsUnderEveryKey(id.system(), id.value()));
        }
        return List.copyOf(all);
    }

    /**
     * @param current  this run's rows, in order
     * @param previous the pseudonyms of each subject listed by the previous run (empty for a feed's first run)
     * @return one mark per current row, in order, then one LEFT per subject of the previous run not listed now
     */
    public static List<Marked> mark(List<BulkRun.Row> current, List<List<String>> previous) {
        Set<String> before = new HashSet<>();
        previous.forEach(before::addAll);
        Set<String> now = new HashSet<>();
        List<Marked> marked = new ArrayList<>(current.size());
        for (BulkRun.Row row : current) {
            now.addAll(row.pseudonyms());
            boolean listedBefore = row.pseudonyms().stream().anyMatch(before::contains);
            marked.add(new Marked(row.trackingId(), row.pseudonyms(), listedBefore ? Mark.CONTINUING : Mark.NEW));
        }
        Set<String> left = new HashSet<>();
        for (List<String> subject : previous) {
            if (subject.isEmpty() || subject.stream().anyMatch(now::contains)) {
                continue;
            }
            // The previous run may have listed one subject on two rows: it left once.
            if (subject.stream().noneMatch(left::contains)) {
                left.addAll(subject);
                marked.add(new Marked(null, subject, Mark.LEFT));
            }
        }
        return marked;
    }
}
