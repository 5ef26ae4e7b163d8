package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junction.security.audit.ChainVerifier.VerificationResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Sealing and verifying the ledger hash chain on H2 in PostgreSQL mode.
 *
 * <p>Cutting links off the end of the chain and winding {@code ledger_chain_head} back to match
 * leaves a consistent, shorter chain, which hashes alone cannot reveal: see
 * {@link LedgerCheckpointTest} for how the signed checkpoints catch it.
 */
class LedgerChainTest {

    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456Z");

    private LedgerTestDatabase db;
    private LedgerWriter writer;
    private LedgerSealer sealer;
    private ChainVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        db = new LedgerTestDatabase();
        writer = new LedgerWriter(db.jdbc);
        sealer = new LedgerSealer(db.jdbc, db.tx, Clock.fixed(T0.plusSeconds(5), ZoneOffset.UTC));
        verifier = new ChainVerifier(db.jdbc);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    @Test
    void emptyLedgerVerifiesWithNoSealedEvents() {
        assertThat(sealer.sealPending(10)).isZero();
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(true, 0, null, null));
    }

    @Test
    void eventsWrittenByLedgerWriterAreSealedInIdOrderAndVerify() {
        List<Long> ids = writeEvents(5);

        assertThat(sealer.sealPending(100)).isEqualTo(5);

        assertThat(db.jdbc.queryForList("SELECT ledger_event_id FROM ledger_chain ORDER BY seq", Long.class))
                .containsExactlyElementsOf(ids);
        assertThat(db.jdbc.queryForObject("SELECT prev_hash FROM ledger_chain WHERE seq = 1", String.class))
                .isEqualTo(ChainHasher.GENESIS_HASH);
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(true, 5, null, null));
    }

    @Test
    void chainLinkHashIsTheHasherOverTheEventAsWritten() {
        LedgerEvent event = event(0);
        db.tx.executeWithoutResult(s -> writer.record(event));
        long id = db.jdbc.queryForObject("SELECT id FROM ledger_event", Long.class);

        sealer.sealPending(1);

        assertThat(db.jdbc.queryForObject("SELECT hash FROM ledger_chain WHERE seq = 1", String.class))
                .isEqualTo(ChainHasher.hash(1, ChainHasher.GENESIS_HASH, SealedEventContent.of(id, event)));
    }

    @Test
    void batchesContinueOneChainAndVerifyAcrossPages() {
        writeEvents(5);

        assertThat(sealer.sealPending(2)).isEqualTo(2);
        assertThat(sealer.sealPending(2)).isEqualTo(2);
        assertThat(sealer.sealPending(2)).isEqualTo(1);

        assertThat(new ChainVerifier(db.jdbc, 2).verify()).isEqualTo(new VerificationResult(true, 5, null, null));
    }

    @Test
    void sealingAgainWithNothingNewSealsNothing() {
        writeEvents(3);
        assertThat(sealer.sealPending(100)).isEqualTo(3);

        assertThat(sealer.sealPending(100)).isZero();

        assertThat(count("ledger_chain")).isEqualTo(3);
        assertThat(verifier.verify().sealedEvents()).isEqualTo(3);
    }

    @Test
    void eventCommittedAfterAHigherIdWasSealedIsStillSealedLater() throws Exception {
        // A real second transaction takes the lower identity value and stays open while a later
        // transaction commits a higher one and the sealer runs.
        try (Connection slow = db.dataSource.getConnection()) {
            slow.setAutoCommit(false);
            var slowJdbc = new JdbcTemplate(new SingleConnectionDataSource(slow, true));
            new LedgerWriter(slowJdbc).record(event(1));
            long lowId = slowJdbc.queryForObject("SELECT MAX(id) FROM ledger_event", Long.class);

            long highId = writeEvents(1).get(0);
            assertThat(highId).isGreaterThan(lowId);
            assertThat(sealer.sealPending(100)).isEqualTo(1);

            slow.commit();
        }

        assertThat(sealer.sealPending(100)).isEqualTo(1);
        assertThat(db.jdbc.queryForList("SELECT ledger_event_id FROM ledger_chain ORDER BY seq", Long.class))
                .hasSize(2).last().isEqualTo(db.jdbc.queryForObject("SELECT MIN(id) FROM ledger_event", Long.class));
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(true, 2, null, null));
    }

    @Test
    void concurrentSealersNeverForkOrDoubleSealTheChain() throws Exception {
        int events = 120;
        writeEvents(events);
        int sealers = 4;
        ExecutorService pool = Executors.newFixedThreadPool(sealers);
        try {
            var start = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int i = 0; i < sealers; i++) {
                var node = new LedgerSealer(db.jdbc, db.tx, Clock.systemUTC());
                Callable<Integer> drain = () -> {
                    start.await();
                    int total = 0;
                    for (int n; (n = node.sealPending(7)) > 0; ) {
                        total += n;
                    }
                    return total;
                };
                results.add(pool.submit(drain));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> r : results) {
                total += r.get(60, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(events);
        } finally {
            pool.shutdownNow();
        }
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(true, events, null, null));
    }

    @Test
    void editedEventColumnFailsVerificationAtThatEventsSeq() {
        List<Long> ids = writeEvents(4);
        sealer.sealPending(100);

        db.jdbc.update("UPDATE ledger_event SET outcome = 'REJECTED' WHERE id = ?", ids.get(2));

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 2, seqOf(ids.get(2)), "hash mismatch"));
    }

    @Test
    void editedSubjectPseudonymFailsVerificationAtThatEventsSeq() {
        List<Long> ids = writeEvents(3);
        sealer.sealPending(100);

        String original = db.jdbc.queryForObject(
                "SELECT MIN(pseudonym) FROM ledger_subject WHERE ledger_event_id = ?", String.class, ids.get(1));
        db.jdbc.update("UPDATE ledger_subject SET pseudonym = 'p1:forged' WHERE ledger_event_id = ? AND pseudonym = ?",
                ids.get(1), original);

        VerificationResult result = verifier.verify();
        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(seqOf(ids.get(1)));
        assertThat(result.problem()).isEqualTo("hash mismatch");
    }

    @Test
    void deletedChainRowFailsVerificationAsMissingSequenceNumber() {
        writeEvents(4);
        sealer.sealPending(100);

        db.jdbc.update("DELETE FROM ledger_chain WHERE seq = 2");

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 1, 2L, "missing sequence number"));
    }

    @Test
    void swappedChainRowsFailVerificationAtTheFirstOfThem() {
        writeEvents(4);
        sealer.sealPending(100);
        // The unique constraint forbids a direct swap, so park one row on an unsealed event first.
        long spare = writeEvents(1).get(0);
        long second = eventAt(2);
        long third = eventAt(3);

        db.jdbc.update("UPDATE ledger_chain SET ledger_event_id = ? WHERE seq = 2", spare);
        db.jdbc.update("UPDATE ledger_chain SET ledger_event_id = ? WHERE seq = 3", second);
        db.jdbc.update("UPDATE ledger_chain SET ledger_event_id = ? WHERE seq = 2", third);

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 1, 2L, "hash mismatch"));
    }

    @Test
    void rewrittenPreviousHashFailsVerificationAtThatSeq() {
        writeEvents(3);
        sealer.sealPending(100);

        db.jdbc.update("UPDATE ledger_chain SET prev_hash = ? WHERE seq = 3", ChainHasher.GENESIS_HASH);

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 2, 3L, "previous hash does not match"));
    }

    @Test
    void deletedRecordWithItsLinkFailsVerificationAtItsSeq() {
        List<Long> ids = writeEvents(4);
        sealer.sealPending(100);
        long seq = seqOf(ids.get(1));

        db.jdbc.update("DELETE FROM ledger_chain WHERE seq = ?", seq);
        db.jdbc.update("DELETE FROM ledger_subject WHERE ledger_event_id = ?", ids.get(1));
        db.jdbc.update("DELETE FROM ledger_event WHERE id = ?", ids.get(1));

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, seq - 1, seq, "missing sequence number"));
    }

    @Test
    void deletedRecordWithTheLaterLinksRenumberedFailsVerificationAtItsSeq() {
        writeEvents(4);
        sealer.sealPending(100);
        long victim = eventAt(2);

        db.jdbc.update("DELETE FROM ledger_chain WHERE seq = 2");
        db.jdbc.update("UPDATE ledger_chain SET seq = seq - 1 WHERE seq > 2");
        db.jdbc.update("UPDATE ledger_chain_head SET last_seq = last_seq - 1");
        db.jdbc.update("DELETE FROM ledger_subject WHERE ledger_event_id = ?", victim);
        db.jdbc.update("DELETE FROM ledger_event WHERE id = ?", victim);

        // The old third link now sits at 2: its previous hash is the deleted link's.
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 1, 2L, "previous hash does not match"));
    }

    @Test
    void anEventDeletedBeforeItWasSealedDoesNotHoldUpTheOthers() {
        List<Long> ids = writeEvents(4);
        db.jdbc.update("DELETE FROM ledger_subject WHERE ledger_event_id = ?", ids.get(0));
        db.jdbc.update("DELETE FROM ledger_event WHERE id = ?", ids.get(0));

        assertThat(sealer.sealPending(2)).isEqualTo(1);
        assertThat(sealer.sealPending(2)).isEqualTo(2);
        assertThat(sealer.sealPending(2)).isZero();
        assertThat(db.jdbc.queryForObject("SELECT COUNT(*) FROM ledger_unsealed", Integer.class)).isZero();
        assertThat(db.jdbc.queryForList("SELECT ledger_event_id FROM ledger_chain ORDER BY seq", Long.class))
                .isEqualTo(ids.subList(1, 4));
        assertThat(verifier.verify().valid()).isTrue();
    }

    @Test
    void insertedRecordFailsVerificationAtItsSeq() {
        writeEvents(4);
        sealer.sealPending(100);
        // A forged event slipped in at position 3 with a well-formed link, the later links moved up.
        long forged = writeEvents(1).get(0);
        db.jdbc.update("DELETE FROM ledger_unsealed WHERE ledger_event_id = ?", forged);
        db.jdbc.update("UPDATE ledger_chain SET seq = seq + 100 WHERE seq >= 3");
        db.jdbc.update("UPDATE ledger_chain SET seq = seq - 99 WHERE seq >= 103");
        String prev = db.jdbc.queryForObject("SELECT hash FROM ledger_chain WHERE seq = 2", String.class);
        SealedEventContent content = db.jdbc.queryForObject("SELECT " + LedgerEventRows.COLUMNS
                + " FROM ledger_event e WHERE e.id = ?", (rs, i) -> LedgerEventRows.content(rs, 1, List.of()), forged)
                .withSubjectPseudonyms(LedgerEventRows.pseudonyms(db.jdbc, List.of(forged)).get(forged));
        db.jdbc.update("INSERT INTO ledger_chain (seq, ledger_event_id, prev_hash, hash, sealed_at) VALUES (3, ?, ?, ?, ?)",
                forged, prev, ChainHasher.hash(3, prev, content), java.time.OffsetDateTime.now(ZoneOffset.UTC));
        db.jdbc.update("UPDATE ledger_chain_head SET last_seq = last_seq + 1");

        // A link forged with the right hash is consistent in itself: the break shows at the link
        // after it (the displaced original), which still names its true predecessor.
        VerificationResult forgedWell = verifier.verify();
        assertThat(forgedWell).isEqualTo(new VerificationResult(false, 3, 4L, "previous hash does not match"));

        // A forger without the hash function's inputs right is caught at the inserted link itself.
        db.jdbc.update("UPDATE ledger_chain SET hash = ? WHERE seq = 3", "f".repeat(64));
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 2, 3L, "hash mismatch"));
    }

    private List<Long> writeEvents(int n) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            LedgerEvent e = event(i);
            db.tx.executeWithoutResult(s -> writer.record(e));
            ids.add(db.jdbc.queryForObject("SELECT id FROM ledger_event WHERE event_id = ?", Long.class, e.eventId()));
        }
        return ids;
    }

    /** Ids, codes and made-up pseudonyms only, as in the real ledger. */
    private static LedgerEvent event(int i) {
        List<String> pseudonyms = i % 3 == 0 ? List.of() : List.of("p1:" + UUID.randomUUID(), "p1:" + UUID.randomUUID());
        return LedgerEvent.forReferral(i % 2 == 0 ? LedgerEventType.RECEIVED : LedgerEventType.QUEUED, UUID.randomUUID(),
                "system:intake", "police-a", i % 2 == 0 ? null : "mash-1", "SAFEGUARDING", "ACCEPTED", null, 1,
                pseudonyms, T0.plusMillis(i));
    }

    private long seqOf(long eventId) {
        return db.jdbc.queryForObject("SELECT seq FROM ledger_chain WHERE ledger_event_id = ?", Long.class, eventId);
    }

    private long eventAt(long seq) {
        return db.jdbc.queryForObject("SELECT ledger_event_id FROM ledger_chain WHERE seq = ?", Long.class, seq);
    }

    private long count(String table) {
        return db.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
