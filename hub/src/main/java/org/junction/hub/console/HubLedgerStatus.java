package org.junction.hub.console;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import org.junction.console.web.audit.LedgerStatus;
import org.junction.security.audit.LedgerCheckpoints;
import org.springframework.jdbc.core.JdbcTemplate;

/** The chain's head, its latest checkpoint (with whether its signature holds) and its closed segments. */
public class HubLedgerStatus implements LedgerStatus {

    private final JdbcTemplate jdbc;
    private final LedgerCheckpoints checkpoints;

    public HubLedgerStatus(JdbcTemplate jdbc, LedgerCheckpoints checkpoints) {
        this.jdbc = Objects.requireNonNull(jdbc);
        this.checkpoints = Objects.requireNonNull(checkpoints);
    }

    @Override
    public Status status() {
        Head head = jdbc.queryForObject("SELECT last_seq, last_hash FROM ledger_chain_head WHERE id = 1",
                (rs, i) -> new Head(rs.getLong(1), rs.getString(2)));
        Checkpoint checkpoint = checkpoints.latest()
                .map(c -> new Checkpoint(c.seq(), c.headHash(), c.createdAt(), c.keyId(), checkpoints.signatureValid(c)))
                .orElse(null);
        List<Segment> segments = jdbc.query("""
                SELECT closed_through_seq, head_hash, checkpoint_key_id, closed_at, events_removed FROM ledger_segment
                ORDER BY closed_through_seq DESC""", (rs, i) -> new Segment(rs.getLong(1), rs.getString(2),
                rs.getString(3), rs.getObject(4, OffsetDateTime.class).toInstant(), rs.getLong(5)));
        return new Status(head, checkpoint, segments);
    }
}
