package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.junction.security.audit.ChainVerifier.VerificationResult;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.keys.LedgerSigningKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Closing the oldest segment of the ledger under retention, and verifying what remains. */
class LedgerSegmentsTest {

    private static final char[] PASSWORD = "keystore-secret-for-tests".toCharArray();
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30Z");

    @TempDir
    Path dir;

    private LedgerTestDatabase db;
    private LedgerWriter writer;
    private LedgerSealer sealer;
    private LedgerCheckpointer checkpointer;
    private ChainVerifier verifier;
    private LedgerSegments segments;
    private final Clock clock = Clock.fixed(T0.plus(Duration.ofDays(4000)), ZoneOffset.UTC);

    @BeforeEach
    void setUp() throws Exception {
        db = new LedgerTestDatabase();
        writer = new LedgerWriter(db.jdbc);
        sealer = new LedgerSealer(db.jdbc, db.tx, clock);
        Path keystore = dir.resolve("hub.p12");
        KeyStoreFiles.generate(keystore, PASSWORD, "k1", "p1");
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l1");
        LedgerSigningKeys keys = KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow();
        var checkpoints = new LedgerCheckpoints(db.jdbc, dir.resolve("checkpoints.jsonl"), () -> keys);
        checkpointer = new LedgerCheckpointer(db.jdbc, db.tx, clock, () -> keys, 1_000_000, Duration.ofDays(1));
        verifier = new ChainVerifier(db.jdbc, 3, checkpoints);
        segments = new LedgerSegments(db.jdbc, db.tx, clock, checkpoints, verifier, writer);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    @Test
    void closingASegmentRemovesItsEventsAndTheRestVerifiesFromTheClosingCheckpoint() {
        write(4, T0);                       // seq 1-4, old
        checkpointer.checkpointNow();       // at 4
        write(2, T0.plusSeconds(60));       // seq 5-6, old
        checkpointer.checkpointNow();       // at 6
        write(3, T0.plus(Duration.ofDays(3000))); // seq 7-9, recent
        checkpointer.checkpointNow();

        var closed = segments.closeOlderThan(T0.plus(Duration.ofDays(10))).orElseThrow();
        sealer.sealPending(100);

        assertThat(closed.throughSeq()).isEqualTo(6);
        assertThat(closed.eventsRemoved()).isEqualTo(6);
        assertThat(count("ledger_event")).isEqualTo(4);          // 3 recent + SEGMENT_CLOSED
        assertThat(db.jdbc.queryForObject("SELECT MIN(seq) FROM ledger_chain", Long.class)).isEqualTo(7);
        assertThat(count("ledger_subject")).isEqualTo(3);
        assertThat(db.jdbc.queryForObject("SELECT event_type FROM ledger_event e JOIN ledger_chain c"
                + " ON c.ledger_event_id = e.id WHERE c.seq = 10", String.class)).isEqualTo("SEGMENT_CLOSED");
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(true, 10, null, null));
        // Nothing more is old enough: a second pass closes nothing.
        assertThat(segments.closeOlderThan(T0.plus(Duration.ofDays(10)))).isEmpty();
    }

    @Test
    void whatPeopleTypedAboutClosedEventsGoesWithThem() {
        write(2, T0);
        UUID old = db.jdbc.queryForObject("SELECT event_id FROM ledger_event ORDER BY id FETCH FIRST 1 ROWS ONLY",
                UUID.class);
        db.jdbc.update("""
                INSERT INTO audit_reason (event_id, event_type, person, recorded_at, criteria, reason)
                VALUES (?, 'SEARCHED', 'ig-a', ?, NULL, ?)""", old, java.sql.Timestamp.from(T0), new byte[] {1, 2});
        checkpointer.checkpointNow();
        write(1, T0.plus(Duration.ofDays(3000)));
        checkpointer.checkpointNow();

        segments.closeOlderThan(T0.plus(Duration.ofDays(10))).orElseThrow();

        assertThat(count("audit_reason")).isZero();
    }

    @Test
    void withoutASignedCheckpointInsideTheOldPartNothingIsClosed() {
        write(3, T0);
        write(2, T0.plus(Duration.ofDays(3000)));
        checkpointer.checkpointNow(); // at 5: beyond the old part

        assertThat(segments.closeOlderThan(T0.plus(Duration.ofDays(10)))).isEmpty();
        assertThat(count("ledger_event")).isEqualTo(5);
    }

    @Test
    void tamperingAfterAClosingIsStillCaughtAtItsSeq() {
        write(3, T0);
        checkpointer.checkpointNow();
        write(3, T0.plus(Duration.ofDays(3000)));
        segments.closeOlderThan(T0.plus(Duration.ofDays(10))).orElseThrow();
        sealer.sealPending(100);

        long id = db.jdbc.queryForObject("SELECT ledger_event_id FROM ledger_chain WHERE seq = 5", Long.class);
        db.jdbc.update("UPDATE ledger_event SET outcome = 'FORGED' WHERE id = ?", id);

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 4, 5L, "hash mismatch"));
    }

    @Test
    void anEditedFirstRemainingLinkIsCaughtByTheClosingCheckpointsHash() {
        write(3, T0);
        checkpointer.checkpointNow();
        write(2, T0.plus(Duration.ofDays(3000)));
        segments.closeOlderThan(T0.plus(Duration.ofDays(10))).orElseThrow();

        db.jdbc.update("UPDATE ledger_chain SET prev_hash = ? WHERE seq = 4", ChainHasher.GENESIS_HASH);

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 3, 4L, "previous hash does not match"));
    }

    @Test
    void aClosingNoSignedCheckpointVouchesForIsReported() {
        write(3, T0);
        checkpointer.checkpointNow();
        write(3, T0.plus(Duration.ofDays(3000)));
        segments.closeOlderThan(T0.plus(Duration.ofDays(10))).orElseThrow();

        // Someone cuts two more links and moves the closing to match, without a signature for it.
        String hash5 = db.jdbc.queryForObject("SELECT hash FROM ledger_chain WHERE seq = 5", String.class);
        List<Long> ids = db.jdbc.queryForList("SELECT ledger_event_id FROM ledger_chain WHERE seq IN (4, 5)", Long.class);
        db.jdbc.update("DELETE FROM ledger_chain WHERE seq IN (4, 5)");
        for (long id : ids) {
            db.jdbc.update("DELETE FROM ledger_subject WHERE ledger_event_id = ?", id);
            db.jdbc.update("DELETE FROM ledger_event WHERE id = ?", id);
        }
        db.jdbc.update("UPDATE ledger_segment SET closed_through_seq = 5, head_hash = ?", hash5);

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 5, 6L,
                ChainVerifier.SEGMENT_UNSIGNED + 5));
    }

    @Test
    void removingTheClosingRecordMakesTheChainStartMissing() {
        write(3, T0);
        checkpointer.checkpointNow();
        write(1, T0.plus(Duration.ofDays(3000)));
        segments.closeOlderThan(T0.plus(Duration.ofDays(10))).orElseThrow();

        db.jdbc.update("DELETE FROM ledger_segment");

        assertThat(verifier.verify()).isEqualTo(new VerificationResult(false, 0, 1L, "missing sequence number"));
    }

    @Test
    void aLedgerThatDoesNotVerifyIsNeverClosed() {
        write(3, T0);
        checkpointer.checkpointNow();
        write(1, T0.plus(Duration.ofDays(3000)));
        db.jdbc.update("UPDATE ledger_event SET actor = 'someone-else'"
                + " WHERE id = (SELECT ledger_event_id FROM ledger_chain WHERE seq = 2)");

        assertThatThrownBy(() -> segments.closeOlderThan(T0.plus(Duration.ofDays(10))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("first bad seq 2");
        assertThat(count("ledger_event")).isEqualTo(4);
    }

    private void write(int n, Instant at) {
        for (int i = 0; i < n; i++) {
            LedgerEvent e = LedgerEvent.forReferral(LedgerEventType.RECEIVED, UUID.randomUUID(), "system:intake",
                    "police-a", null, "SAFEGUARDING", "ACCEPTED", null, 1, List.of("p1:" + UUID.randomUUID()),
                    at.plusMillis(i));
            db.tx.executeWithoutResult(s -> writer.record(e));
        }
        assertThat(sealer.sealPending(100)).isEqualTo(n);
    }

    private long count(String table) {
        return db.jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Long.class);
    }
}
