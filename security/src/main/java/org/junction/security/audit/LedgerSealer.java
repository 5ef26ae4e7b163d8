package org.junction.security.audit;

import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appends committed ledger events to the hash chain.
 *
 * <p>Every committed event that is not yet sealed is eligible, lowest id first. There is no
 * "sealed up to id N" watermark: an id taken by a transaction still in flight is invisible now
 * and is picked up by a later pass once it commits, at a later chain position. The chain is thus
 * in seal order, which follows commit order closely but not id order.
 *
 * <p>One sealer per database at a time: each pass locks the single {@code ledger_chain_head} row
 * for its whole transaction, so a second node's pass waits and then continues from the new head
 * instead of forking it. The transaction template must use READ COMMITTED (the database default):
 * the waiting pass has to see the rows the first one sealed.
 */
public class LedgerSealer {

    /**
     * The oldest unsealed events. Ordered by the whole (chain_seq, id) index so that the index
     * alone yields them in order and the scan stops after the batch: ordered by id only, PostgreSQL
     * with statistics taken while many events were unsealed walked the primary key from the first
     * event, reading the whole sealed history on every pass. chain_seq is NULL in every row it
     * returns, so the order is id order.
     */
    static final String PENDING_EVENTS =
            "SELECT " + LedgerEventRows.COLUMNS + " FROM ledger_event e WHERE e.chain_seq IS NULL"
                    + " ORDER BY e.chain_seq, e.id LIMIT ?";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    public LedgerSealer(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.tx = Objects.requireNonNull(tx);
        this.clock = Objects.requireNonNull(clock);
    }

    /**
     * Seals up to {@code maxEvents} pending events in one transaction.
     *
     * @return how many were sealed; 0 when nothing was pending
     */
    public int sealPending(int maxEvents) {
        if (maxEvents < 1) {
            throw new IllegalArgumentException("maxEvents must be at least 1");
        }
        Integer sealed = tx.execute(status -> sealBatch(maxEvents));
        return sealed == null ? 0 : sealed;
    }

    private int sealBatch(int maxEvents) {
        // Taken first so that the pending events below are read after any earlier sealer committed.
        Head head = jdbc.queryForObject("SELECT last_seq, last_hash FROM ledger_chain_head WHERE id = 1 FOR UPDATE",
                (rs, i) -> new Head(rs.getLong(1), rs.getString(2)));
        Objects.requireNonNull(head, "ledger_chain_head row");

        List<SealedEventContent> pending = jdbc.query(PENDING_EVENTS,
                (rs, i) -> LedgerEventRows.content(rs, 1, List.of()), maxEvents);
        if (pending.isEmpty()) {
            return 0;
        }
        Map<Long, List<String>> pseudonyms =
                LedgerEventRows.pseudonyms(jdbc, pending.stream().map(SealedEventContent::ledgerEventId).toList());

        OffsetDateTime sealedAt = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Object[]> links = new ArrayList<>(pending.size());
        List<Object[]> marks = new ArrayList<>(pending.size());
        long seq = head.lastSeq();
        String prev = head.lastHash();
        for (SealedEventContent row : pending) {
            long id = row.ledgerEventId();
            seq++;
            String hash = ChainHasher.hash(seq, prev, row.withSubjectPseudonyms(pseudonyms.get(id)));
            links.add(new Object[] {seq, id, prev, hash, sealedAt});
            marks.add(new Object[] {seq, id});
            prev = hash;
        }
        jdbc.batchUpdate("INSERT INTO ledger_chain (seq, ledger_event_id, prev_hash, hash, sealed_at) VALUES (?, ?, ?, ?, ?)",
                links);
        int[] marked = jdbc.batchUpdate("UPDATE ledger_event SET chain_seq = ? WHERE id = ? AND chain_seq IS NULL", marks);
        for (int n : marked) {
            // A driver may report "succeeded, count unknown" (-2); anything else but 1 means a second writer.
            if (n != 1 && n != Statement.SUCCESS_NO_INFO) {
                throw new IllegalStateException("ledger event sealed concurrently; is a sealer bypassing the head lock?");
            }
        }
        jdbc.update("UPDATE ledger_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, prev);
        return pending.size();
    }

    private record Head(long lastSeq, String lastHash) {
    }
}
