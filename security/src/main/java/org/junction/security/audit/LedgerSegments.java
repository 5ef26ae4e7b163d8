package org.junction.security.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes the oldest segment of the ledger once its events are older than the audit period.
 *
 * <p>A segment ends only where a checkpoint with a valid signature was made: that checkpoint's head
 * hash becomes the previous hash of the first remaining link, so the rest of the chain still
 * verifies from it, and {@link ChainVerifier} refuses a closing no signed checkpoint vouches for.
 * The whole ledger is verified first: closing a segment must never launder tampering inside it.
 *
 * <p>Like the sealer, a closing locks the single head row for its transaction, so it never runs
 * while another node seals or checkpoints. The closing is itself a {@link LedgerEventType#SEGMENT_CLOSED}
 * event, sealed into the remaining chain.
 */
public class LedgerSegments {

    /** Who closes segments, in the ledger. */
    public static final String ACTOR = "system:retention";

    /** What a closing removed. */
    public record Closed(long throughSeq, String headHash, long eventsRemoved) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final LedgerCheckpoints checkpoints;
    private final ChainVerifier verifier;
    private final LedgerWriter ledger;

    public LedgerSegments(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, LedgerCheckpoints checkpoints,
                          ChainVerifier verifier, LedgerWriter ledger) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.tx = Objects.requireNonNull(tx);
        this.clock = Objects.requireNonNull(clock);
        this.checkpoints = Objects.requireNonNull(checkpoints);
        this.verifier = Objects.requireNonNull(verifier);
        this.ledger = Objects.requireNonNull(ledger);
    }

    /**
     * Closes the segment ending at the latest signed checkpoint whose every event occurred before
     * {@code olderThan}, if there is one beyond the last closing.
     *
     * @throws IllegalStateException if the ledger does not verify: nothing is removed then
     */
    public Optional<Closed> closeOlderThan(Instant olderThan) {
        ChainVerifier.VerificationResult result = verifier.verify();
        if (!result.valid()) {
            throw new IllegalStateException("the ledger does not verify (first bad seq " + result.firstBadSeq()
                    + "): no segment is closed until it does");
        }
        return Optional.ofNullable(tx.execute(status -> close(olderThan)));
    }

    private Closed close(Instant olderThan) {
        jdbc.queryForObject("SELECT last_seq FROM ledger_chain_head WHERE id = 1 FOR UPDATE", Long.class);
        long closedThrough = jdbc.queryForObject("SELECT COALESCE(MAX(closed_through_seq), 0) FROM ledger_segment",
                Long.class);
        // The first link whose event is recent enough to keep; everything before it may go.
        Long firstKept = jdbc.queryForObject("""
                SELECT MIN(c.seq) FROM ledger_chain c JOIN ledger_event e ON e.id = c.ledger_event_id
                 WHERE c.seq > ? AND e.occurred_at >= ?""", Long.class, closedThrough,
                OffsetDateTime.ofInstant(olderThan, ZoneOffset.UTC));
        long limit = firstKept != null ? firstKept - 1
                : jdbc.queryForObject("SELECT last_seq FROM ledger_chain_head WHERE id = 1", Long.class);
        LedgerCheckpoint closing = null;
        for (LedgerCheckpoint c : checkpoints.all()) {
            if (c.seq() > closedThrough && c.seq() <= limit && checkpoints.signatureValid(c) && matchesChain(c)
                    && (closing == null || c.seq() > closing.seq())) {
                closing = c;
            }
        }
        if (closing == null) {
            return null;
        }
        long through = closing.seq();
        // Bound to ledger events by id, so what people typed (a payload view's reason, a search's,
        // an export's, a review note) goes with the event it explains.
        for (String reasons : List.of("payload_view_reason", "audit_reason")) {
            jdbc.update("DELETE FROM " + reasons + " WHERE event_id IN (SELECT e.event_id FROM ledger_event e"
                    + " JOIN ledger_chain c ON c.ledger_event_id = e.id WHERE c.seq > ? AND c.seq <= ?)",
                    closedThrough, through);
        }
        jdbc.update("""
                DELETE FROM ledger_subject WHERE ledger_event_id IN (SELECT c.ledger_event_id FROM ledger_chain c
                 WHERE c.seq > ? AND c.seq <= ?)""", closedThrough, through);
        List<Long> ids = jdbc.queryForList("SELECT ledger_event_id FROM ledger_chain WHERE seq > ? AND seq <= ?",
                Long.class, closedThrough, through);
        jdbc.update("DELETE FROM ledger_chain WHERE seq > ? AND seq <= ?", closedThrough, through);
        long removed = Arrays.stream(jdbc.batchUpdate("DELETE FROM ledger_event WHERE id = ?",
                ids.stream().map(id -> new Object[] {id}).toList())).filter(n -> n != 0).count();
        if (removed != ids.size()) {
            throw new IllegalStateException("ledger events and chain links disagree in the closed segment");
        }
        Instant now = clock.instant();
        jdbc.update("""
                INSERT INTO ledger_segment (closed_through_seq, head_hash, checkpoint_key_id, closed_at, events_removed)
                VALUES (?, ?, ?, ?, ?)""", through, closing.headHash(), closing.keyId(),
                OffsetDateTime.ofInstant(now, ZoneOffset.UTC), removed);
        ledger.record(new LedgerEvent(UUID.randomUUID(), "SEGMENT_CLOSED|" + through, LedgerEventType.SEGMENT_CLOSED,
                now, ACTOR, null, null, null, null, "CLOSED", "THROUGH_SEQ_" + through, 1, List.of()));
        return new Closed(through, closing.headHash(), removed);
    }

    private boolean matchesChain(LedgerCheckpoint c) {
        List<String> hash = jdbc.queryForList("SELECT hash FROM ledger_chain WHERE seq = ?", String.class, c.seq());
        return hash.size() == 1 && hash.get(0).equals(c.headHash());
    }
}
