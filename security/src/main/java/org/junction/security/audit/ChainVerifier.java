package org.junction.security.audit;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Recomputes the ledger hash chain from the stored events and reports the first link that does
 * not hold.
 *
 * <p>Only links up to the head read at the start are checked, so a sealer appending meanwhile
 * cannot cause a false alarm.
 *
 * <p>With checkpoints, two more kinds of tampering are caught that leave a chain internally
 * consistent: a chain recomputed after an edit (the link at a checkpoint's position no longer has
 * the signed head hash), and a tail cut off with the head row wound back to match (a checkpoint lies
 * beyond the head). The checkpoints come from the database and the file copy, and are read before
 * the head, so one made during the verification is never beyond the head read. A checkpoint whose
 * signature does not verify is itself reported. For a recomputed chain, the sequence number named
 * is the first one after the last checkpoint that still matches: hashes cannot tell which link in
 * between was edited, so checkpointing more often narrows that window.
 *
 * <p>Once a segment was closed under retention ({@code ledger_segment}), the chain starts after its
 * last position, and the first remaining link's previous hash must be the hash the closing
 * checkpoint signed. Without checkpoints to check against, the closing is taken on trust.
 */
public class ChainVerifier {

    /**
     * Outcome of a verification.
     *
     * @param sealedEvents when valid, the length of the chain; otherwise how many links were
     *                     verified before the first bad one
     * @param firstBadSeq  the chain position where verification failed; null when valid
     * @param problem      what failed there; null when valid
     */
    public record VerificationResult(boolean valid, long sealedEvents, Long firstBadSeq, String problem) {

        static VerificationResult ok(long sealedEvents) {
            return new VerificationResult(true, sealedEvents, null, null);
        }

        static VerificationResult bad(long seq, String problem) {
            return new VerificationResult(false, seq - 1, seq, problem);
        }
    }

    static final String HASH_MISMATCH = "hash mismatch";
    static final String MISSING_SEQ = "missing sequence number";
    static final String PREV_MISMATCH = "previous hash does not match";
    static final String EVENT_MISSING = "event missing";
    static final String HEAD_MISMATCH = "chain head does not match";
    static final String CHECKPOINT_MISMATCH = "chain rewritten: does not match the signed checkpoint at seq ";
    static final String TRUNCATED = "chain truncated: it ends before the signed checkpoint at seq ";
    static final String CHECKPOINT_SIGNATURE = "checkpoint signature does not verify (key id ";
    static final String CHECKPOINT_FILE = "checkpoints unreadable: ";
    static final String SEGMENT_UNSIGNED = "closed segment not backed by a signed checkpoint at seq ";

    private static final int DEFAULT_PAGE_SIZE = 1000;

    private final JdbcTemplate jdbc;
    private final int pageSize;
    private final LedgerCheckpoints checkpoints;

    public ChainVerifier(JdbcTemplate jdbc) {
        this(jdbc, DEFAULT_PAGE_SIZE);
    }

    /** With a chosen page size: how many links are held in memory at once. */
    public ChainVerifier(JdbcTemplate jdbc, int pageSize) {
        this(jdbc, pageSize, null);
    }

    /** Also checks the chain against {@code checkpoints}; null checks the chain alone. */
    public ChainVerifier(JdbcTemplate jdbc, int pageSize, LedgerCheckpoints checkpoints) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be at least 1");
        }
        this.jdbc = Objects.requireNonNull(jdbc);
        this.pageSize = pageSize;
        this.checkpoints = checkpoints;
    }

    public VerificationResult verify() {
        // Signed heads by position, from checkpoints whose signature holds; read before the head (see above).
        java.util.NavigableMap<Long, java.util.Set<String>> signed = new java.util.TreeMap<>();
        VerificationResult badSignature = null;
        if (checkpoints != null) {
            List<LedgerCheckpoint> known;
            try {
                known = checkpoints.all();
            } catch (LedgerCheckpoints.CheckpointFileException e) {
                return new VerificationResult(false, 0, null, CHECKPOINT_FILE + e.getMessage());
            }
            for (LedgerCheckpoint c : known) {
                if (checkpoints.signatureValid(c)) {
                    signed.computeIfAbsent(c.seq(), s -> new java.util.HashSet<>()).add(c.headHash());
                } else if (badSignature == null) {
                    badSignature = VerificationResult.bad(c.seq(), CHECKPOINT_SIGNATURE + c.keyId() + ")");
                }
            }
        }
        VerificationResult chain = verifyChain(signed);
        // The lower position is the first bad one; a chain problem wins a tie as the more specific.
        if (badSignature != null && (chain.valid() || badSignature.firstBadSeq() < chain.firstBadSeq())) {
            return badSignature;
        }
        return chain;
    }

    private VerificationResult verifyChain(java.util.NavigableMap<Long, java.util.Set<String>> signed) {
        Segment closed = closedSegment();
        long lastMatched = closed.throughSeq();
        Link head = jdbc.queryForObject("SELECT last_seq, last_hash FROM ledger_chain_head WHERE id = 1",
                (rs, i) -> new Link(rs.getLong(1), null, rs.getString(2), null));
        Objects.requireNonNull(head, "ledger_chain_head row");

        long expectedSeq = closed.throughSeq() + 1;
        String prevHash = closed.headHash();
        if (closed.throughSeq() > 0 && checkpoints != null) {
            java.util.Set<String> heads = signed.get(closed.throughSeq());
            if (heads == null || heads.size() != 1 || !heads.contains(closed.headHash())) {
                return VerificationResult.bad(expectedSeq, SEGMENT_UNSIGNED + closed.throughSeq());
            }
        }
        while (expectedSeq <= head.seq()) {
            List<Link> page = jdbc.query("SELECT c.seq, c.prev_hash, c.hash, " + LedgerEventRows.COLUMNS + """
                     FROM ledger_chain c LEFT JOIN ledger_event e ON e.id = c.ledger_event_id
                    WHERE c.seq >= ? AND c.seq <= ? ORDER BY c.seq LIMIT ?""",
                    (rs, i) -> new Link(rs.getLong(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4) == null ? null : LedgerEventRows.content(rs, 4, List.of())),
                    expectedSeq, head.seq(), pageSize);
            if (page.isEmpty()) {
                return VerificationResult.bad(expectedSeq, MISSING_SEQ);
            }
            Map<Long, List<String>> pseudonyms = LedgerEventRows.pseudonyms(jdbc,
                    page.stream().filter(l -> l.event() != null).map(l -> l.event().ledgerEventId()).toList());
            for (Link link : page) {
                if (link.seq() != expectedSeq) {
                    return VerificationResult.bad(expectedSeq, MISSING_SEQ);
                }
                if (!prevHash.equals(link.prevHash())) {
                    return VerificationResult.bad(expectedSeq, PREV_MISMATCH);
                }
                if (link.event() == null) {
                    return VerificationResult.bad(expectedSeq, EVENT_MISSING);
                }
                SealedEventContent event = link.event().withSubjectPseudonyms(pseudonyms.get(link.event().ledgerEventId()));
                if (!ChainHasher.hash(link.seq(), prevHash, event).equals(link.hash())) {
                    return VerificationResult.bad(expectedSeq, HASH_MISMATCH);
                }
                java.util.Set<String> heads = signed.get(link.seq());
                if (heads != null) {
                    if (heads.size() != 1 || !heads.contains(link.hash())) {
                        return VerificationResult.bad(lastMatched + 1, CHECKPOINT_MISMATCH + link.seq());
                    }
                    lastMatched = link.seq();
                }
                prevHash = link.hash();
                expectedSeq++;
            }
        }
        // Catches a rewritten or shortened tail when the head row was left alone.
        if (!prevHash.equals(head.hash())) {
            return VerificationResult.bad(head.seq(), HEAD_MISMATCH);
        }
        if (!signed.isEmpty() && signed.lastKey() > head.seq()) {
            return VerificationResult.bad(head.seq() + 1, TRUNCATED + signed.lastKey());
        }
        return VerificationResult.ok(head.seq());
    }

    /** Where the chain starts: after the last closed segment, or at genesis. */
    private Segment closedSegment() {
        List<Segment> last = jdbc.query(
                "SELECT closed_through_seq, head_hash FROM ledger_segment ORDER BY closed_through_seq DESC LIMIT 1",
                (rs, i) -> new Segment(rs.getLong(1), rs.getString(2)));
        return last.isEmpty() ? new Segment(0, ChainHasher.GENESIS_HASH) : last.get(0);
    }

    private record Segment(long throughSeq, String headHash) {
    }

    private record Link(long seq, String prevHash, String hash, SealedEventContent event) {
    }
}
