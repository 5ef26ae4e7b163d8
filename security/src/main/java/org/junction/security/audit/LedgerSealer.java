package org.junction.security.audit;

import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
     * The ids of the oldest unsealed events, from {@code ledger_unsealed}'s primary key: a pass reads
     * the backlog, never the sealed history. The events are then read by their ids, in a second
     * statement: joined in one, PostgreSQL planned on the queue table's statistics (whatever backlog
     * it held when last analysed) and read {@code ledger_event} whole, by a merge or a hash join
     * (LedgerSealerOnEachDatabaseIT).
     */
    static final String PENDING_IDS = "SELECT ledger_event_id FROM ledger_unsealed ORDER BY ledger_event_id LIMIT ?";

    private static final Logger log = LoggerFactory.getLogger(LedgerSealer.class);
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

        List<Long> ids = jdbc.queryForList(PENDING_IDS, Long.class, maxEvents);
        if (ids.isEmpty()) {
            return 0;
        }
        List<SealedEventContent> pending = LedgerEventRows.events(jdbc, ids);
        if (pending.size() != ids.size()) {
            dropOrphans(ids, pending);
            if (pending.isEmpty()) {
                return 0;
            }
        }
        Map<Long, List<String>> pseudonyms =
                LedgerEventRows.pseudonyms(jdbc, pending.stream().map(SealedEventContent::ledgerEventId).toList());

        OffsetDateTime sealedAt = OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        List<Object[]> links = new ArrayList<>(pending.size());
        List<Object[]> sealedIds = new ArrayList<>(pending.size());
        long seq = head.lastSeq();
        String prev = head.lastHash();
        for (SealedEventContent row : pending) {
            long id = row.ledgerEventId();
            seq++;
            String hash = ChainHasher.hash(seq, prev, row.withSubjectPseudonyms(pseudonyms.get(id)));
            links.add(new Object[] {seq, id, prev, hash, sealedAt});
            sealedIds.add(new Object[] {id});
            prev = hash;
        }
        jdbc.batchUpdate("INSERT INTO ledger_chain (seq, ledger_event_id, prev_hash, hash, sealed_at) VALUES (?, ?, ?, ?, ?)",
                links);
        int[] taken = jdbc.batchUpdate("DELETE FROM ledger_unsealed WHERE ledger_event_id = ?", sealedIds);
        for (int n : taken) {
            // A driver may report "succeeded, count unknown" (-2); anything else but 1 means a second writer.
            if (n != 1 && n != Statement.SUCCESS_NO_INFO) {
                throw new IllegalStateException("ledger event sealed concurrently; is a sealer bypassing the head lock?");
            }
        }
        jdbc.update("UPDATE ledger_chain_head SET last_seq = ?, last_hash = ? WHERE id = 1", seq, prev);
        return pending.size();
    }

    /**
     * An id whose event is gone was deleted before it was sealed, which the chain cannot show; left
     * in place it would head every later pass's batch for ever.
     */
    private void dropOrphans(List<Long> ids, List<SealedEventContent> found) {
        Set<Long> present = found.stream().map(SealedEventContent::ledgerEventId).collect(Collectors.toSet());
        List<Object[]> orphans = ids.stream().filter(id -> !present.contains(id)).map(id -> new Object[] {id}).toList();
        jdbc.batchUpdate("DELETE FROM ledger_unsealed WHERE ledger_event_id = ?", orphans);
        log.warn("{} unsealed ledger ids had no event (deleted before sealing), first {}; dropped", orphans.size(),
                orphans.get(0)[0]);
    }

    private record Head(long lastSeq, String lastHash) {
    }
}
