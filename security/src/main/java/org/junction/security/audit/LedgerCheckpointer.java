package org.junction.security.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.junction.security.keys.LedgerSigningKeys;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signs a checkpoint of the chain head once {@code every} events were sealed since the last one, or
 * once {@code interval} has passed since it and the chain has grown. Run after each sealing pass.
 *
 * <p>Like the sealer it locks the single head row, so two nodes never checkpoint the same head
 * twice, and the head it signs is the one the chain really ends at while the lock is held.
 */
public class LedgerCheckpointer {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final Supplier<LedgerSigningKeys> keys;
    private final int every;
    private final Duration interval;

    public LedgerCheckpointer(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, Supplier<LedgerSigningKeys> keys,
                              int every, Duration interval) {
        if (every < 1) {
            throw new IllegalArgumentException("every must be at least 1");
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("interval must be positive");
        }
        this.jdbc = Objects.requireNonNull(jdbc);
        this.tx = Objects.requireNonNull(tx);
        this.clock = Objects.requireNonNull(clock);
        this.keys = Objects.requireNonNull(keys);
        this.every = every;
        this.interval = interval;
    }

    /** @return the checkpoint made, if one was due */
    public Optional<LedgerCheckpoint> checkpointIfDue() {
        return Optional.ofNullable(tx.execute(status -> checkpoint(false)));
    }

    /** Checkpoints the current head unless it already is; for a clean stop and for tests. */
    public Optional<LedgerCheckpoint> checkpointNow() {
        return Optional.ofNullable(tx.execute(status -> checkpoint(true)));
    }

    private LedgerCheckpoint checkpoint(boolean force) {
        var head = jdbc.queryForMap("SELECT last_seq, last_hash FROM ledger_chain_head WHERE id = 1 FOR UPDATE");
        long seq = ((Number) head.get("last_seq")).longValue();
        String hash = (String) head.get("last_hash");
        if (seq == 0) {
            return null;
        }
        List<Object[]> last = jdbc.query("SELECT seq, created_at FROM ledger_checkpoint ORDER BY seq DESC LIMIT 1",
                (rs, i) -> new Object[] {rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant()});
        long lastSeq = last.isEmpty() ? 0 : (Long) last.get(0)[0];
        if (seq <= lastSeq) {
            return null;
        }
        // Before the first checkpoint, the clock runs from when the first event was sealed.
        Instant since = last.isEmpty()
                ? jdbc.queryForObject("SELECT sealed_at FROM ledger_chain WHERE seq = 1", OffsetDateTime.class).toInstant()
                : (Instant) last.get(0)[1];
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        boolean due = force || seq - lastSeq >= every || !now.isBefore(since.plus(interval));
        if (!due) {
            return null;
        }
        LedgerSigningKeys ring = keys.get();
        String keyId = ring.activeKeyId();
        byte[] signature = ring.sign(LedgerCheckpoint.signedText(seq, hash, now, keyId)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        var checkpoint = new LedgerCheckpoint(seq, hash, now, keyId, Base64.getEncoder().encodeToString(signature));
        jdbc.update("INSERT INTO ledger_checkpoint (seq, head_hash, created_at, key_id, signature) VALUES (?, ?, ?, ?, ?)",
                checkpoint.seq(), checkpoint.headHash(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC), keyId,
                checkpoint.signature());
        return checkpoint;
    }
}
