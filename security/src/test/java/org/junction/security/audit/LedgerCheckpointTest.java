package org.junction.security.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.junction.security.audit.ChainVerifier.VerificationResult;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.keys.LedgerSigningKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signed checkpoints: when they are made, their copy outside the database, and the tampering only
 * they reveal (a recomputed chain, a truncated one), plus a forged checkpoint and a key rotation.
 */
class LedgerCheckpointTest {

    private static final char[] PASSWORD = "keystore-secret-for-tests".toCharArray();
    private static final Instant T0 = Instant.parse("2026-03-02T09:15:30Z");

    @TempDir
    Path dir;

    private LedgerTestDatabase db;
    private LedgerWriter writer;
    private LedgerSealer sealer;
    private Path keystore;
    private final AtomicReference<LedgerSigningKeys> keys = new AtomicReference<>();
    private final MutableClock clock = new MutableClock(T0);
    private Path file;
    private LedgerCheckpoints checkpoints;
    private LedgerCheckpointer checkpointer;
    private ChainVerifier verifier;

    @BeforeEach
    void setUp() throws Exception {
        db = new LedgerTestDatabase();
        writer = new LedgerWriter(db.jdbc);
        sealer = new LedgerSealer(db.jdbc, db.tx, clock);
        keystore = dir.resolve("hub.p12");
        KeyStoreFiles.generate(keystore, PASSWORD, "k1", "p1");
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l1");
        keys.set(KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow());
        file = dir.resolve("audit/checkpoints.jsonl");
        checkpoints = new LedgerCheckpoints(db.jdbc, file, keys::get);
        checkpointer = new LedgerCheckpointer(db.jdbc, db.tx, clock, keys::get, 3, Duration.ofSeconds(60));
        verifier = new ChainVerifier(db.jdbc, 2, checkpoints);
    }

    @AfterEach
    void tearDown() throws Exception {
        db.close();
    }

    @Test
    void aCheckpointIsMadeEveryNEventsOrAfterTheIntervalAndOnlyWhenTheChainGrew() {
        assertThat(checkpointer.checkpointIfDue()).as("empty chain").isEmpty();
        assertThat(checkpoints.latest()).as("none made yet").isEmpty();
        seal(2);
        assertThat(checkpointer.checkpointIfDue()).as("2 of 3 events, 0 of 60 s").isEmpty();
        seal(1);
        LedgerCheckpoint third = checkpointer.checkpointIfDue().orElseThrow();
        assertThat(third.seq()).isEqualTo(3);
        assertThat(third.headHash()).isEqualTo(headHash());
        assertThat(third.keyId()).isEqualTo("l1");

        seal(1);
        clock.advance(Duration.ofSeconds(59));
        assertThat(checkpointer.checkpointIfDue()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(checkpointer.checkpointIfDue().orElseThrow().seq()).isEqualTo(4);
        clock.advance(Duration.ofSeconds(120));
        assertThat(checkpointer.checkpointIfDue()).as("nothing sealed since").isEmpty();
    }

    @Test
    void checkpointsAreCopiedToTheFileAsJsonLinesWithNothingButPositionsHashesTimesAndKeyIds() throws Exception {
        seal(3);
        checkpointer.checkpointIfDue();
        seal(3);
        checkpointer.checkpointIfDue();

        assertThat(checkpoints.latest()).as("the later of the two").hasValue(checkpoints.page(3, 10).get(0));
        assertThat(checkpoints.latest().orElseThrow().seq()).isEqualTo(6);
        assertThat(checkpoints.copyToFile()).isEqualTo(2);
        assertThat(checkpoints.copyToFile()).isZero();

        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(1)).matches("\\{\"seq\":6,\"headHash\":\"[0-9a-f]{64}\",\"createdAt\":\"[^\"]+\","
                + "\"keyId\":\"l1\",\"signature\":\"[A-Za-z0-9+/=]{88}\"}");
        assertThat(checkpoints.fromFile()).isEqualTo(checkpoints.page(0, 10));
        assertThat(checkpoints.fromFile()).allMatch(checkpoints::signatureValid);
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(true, 6, null, null));
    }

    @Test
    void aChainRecomputedAfterAnEditIsCaughtAfterTheLastCheckpointThatStillMatches() {
        seal(3);
        checkpointer.checkpointIfDue();
        seal(3);
        checkpointer.checkpointIfDue();
        seal(3);
        checkpointer.checkpointIfDue();
        assertThat(verifier.verify().valid()).isTrue();

        // Edit the event at seq 5 and recompute every later link and the head: the chain is consistent again.
        db.jdbc.update("UPDATE ledger_event SET actor = 'someone-else' WHERE id = ?", eventAt(5));
        rechainFrom(5);
        assertThat(new ChainVerifier(db.jdbc).verify().valid()).as("hashes alone").isTrue();

        VerificationResult result = verifier.verify();

        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(4L);
        assertThat(result.problem()).isEqualTo(ChainVerifier.CHECKPOINT_MISMATCH + 6);
    }

    @Test
    void aTruncatedChainWithItsHeadWoundBackIsCaughtByTheLatestCheckpointEvenIfTheDatabaseLostIt() {
        seal(3);
        checkpointer.checkpointIfDue();
        seal(3);
        checkpointer.checkpointIfDue();
        checkpoints.copyToFile();

        String hashAt4 = db.jdbc.queryForObject("SELECT hash FROM ledger_chain WHERE seq = 4", String.class);
        db.jdbc.update("INSERT INTO ledger_unsealed (ledger_event_id) SELECT ledger_event_id FROM ledger_chain WHERE seq > 4");
        db.jdbc.update("DELETE FROM ledger_chain WHERE seq > 4");
        db.jdbc.update("UPDATE ledger_chain_head SET last_seq = 4, last_hash = ?", hashAt4);
        db.jdbc.update("DELETE FROM ledger_checkpoint WHERE seq > 4");
        assertThat(new ChainVerifier(db.jdbc).verify().valid()).as("hashes alone").isTrue();

        VerificationResult result = verifier.verify();

        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(5L);
        assertThat(result.problem()).isEqualTo(ChainVerifier.TRUNCATED + 6);
    }

    @Test
    void aCheckpointWithABadSignatureIsReportedAtItsSeq() {
        seal(3);
        checkpointer.checkpointIfDue();
        seal(3);
        checkpointer.checkpointIfDue();
        String good = db.jdbc.queryForObject("SELECT signature FROM ledger_checkpoint WHERE seq = 6", String.class);
        String forged = (good.charAt(0) == 'A' ? "B" : "A") + good.substring(1);
        db.jdbc.update("UPDATE ledger_checkpoint SET signature = ? WHERE seq = 6", forged);

        VerificationResult result = verifier.verify();

        assertThat(result.valid()).isFalse();
        assertThat(result.firstBadSeq()).isEqualTo(6L);
        assertThat(result.problem()).isEqualTo(ChainVerifier.CHECKPOINT_SIGNATURE + "l1)");
    }

    @Test
    void checkpointsSignedBeforeARotationStillVerifyAfterIt() throws Exception {
        seal(3);
        LedgerCheckpoint old = checkpointer.checkpointIfDue().orElseThrow();
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD, "l2");
        keys.set(KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD).orElseThrow());
        seal(3);

        LedgerCheckpoint next = checkpointer.checkpointIfDue().orElseThrow();

        assertThat(old.keyId()).isEqualTo("l1");
        assertThat(next.keyId()).isEqualTo("l2");
        assertThat(checkpoints.signatureValid(old)).isTrue();
        assertThat(verifier.verify()).isEqualTo(new VerificationResult(true, 6, null, null));
    }

    @Test
    void aLineThatIsNotACheckpointMakesVerificationFailRatherThanBeSkipped() throws Exception {
        seal(3);
        checkpointer.checkpointIfDue();
        checkpoints.copyToFile();
        Files.writeString(file, "{\"seq\":1}\n", java.nio.file.StandardOpenOption.APPEND);

        VerificationResult result = verifier.verify();

        assertThat(result.valid()).isFalse();
        assertThat(result.problem()).startsWith(ChainVerifier.CHECKPOINT_FILE).contains("line 2");
    }

    private void seal(int n) {
        for (int i = 0; i < n; i++) {
            LedgerEvent e = LedgerEvent.forReferral(LedgerEventType.RECEIVED, UUID.randomUUID(), "system:intake",
                    "police-a", null, "SAFEGUARDING", "ACCEPTED", null, 1, List.of("p1:" + UUID.randomUUID()),
                    clock.instant());
            db.tx.executeWithoutResult(s -> writer.record(e));
        }
        assertThat(sealer.sealPending(100)).isEqualTo(n);
    }

    /** What someone with write access to the database would do to hide an edit from the hashes. */
    private void rechainFrom(long from) {
        long headSeq = db.jdbc.queryForObject("SELECT last_seq FROM ledger_chain_head", Long.class);
        String prev = db.jdbc.queryForObject("SELECT prev_hash FROM ledger_chain WHERE seq = ?", String.class, from);
        for (long seq = from; seq <= headSeq; seq++) {
            long id = eventAt(seq);
            SealedEventContent content = db.jdbc.queryForObject("SELECT " + LedgerEventRows.COLUMNS
                    + " FROM ledger_event e WHERE e.id = ?", (rs, i) -> LedgerEventRows.content(rs, 1, List.of()), id)
                    .withSubjectPseudonyms(LedgerEventRows.pseudonyms(db.jdbc, List.of(id)).get(id));
            String hash = ChainHasher.hash(seq, prev, content);
            db.jdbc.update("UPDATE ledger_chain SET prev_hash = ?, hash = ? WHERE seq = ?", prev, hash, seq);
            prev = hash;
        }
        db.jdbc.update("UPDATE ledger_chain_head SET last_hash = ?", prev);
    }

    private long eventAt(long seq) {
        return db.jdbc.queryForObject("SELECT ledger_event_id FROM ledger_chain WHERE seq = ?", Long.class, seq);
    }

    private String headHash() {
        return db.jdbc.queryForObject("SELECT last_hash FROM ledger_chain_head", String.class);
    }

    private static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
