package org.junction.hub.cli;

import java.io.PrintStream;
import java.util.List;
import org.junction.security.audit.ChainVerifier;
import org.junction.security.audit.LedgerCheckpoint;
import org.junction.security.audit.LedgerCheckpoints;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * {@code junction audit verify}: recomputes the ledger chain from the database and checks it against
 * the signed checkpoints (database and this node's file), as {@code GET /api/v1/audit/verify} does,
 * without the hub running: it can be run from a copy of the database and the file.
 */
public final class AuditCommands {

    private final JdbcTemplate jdbc;
    private final LedgerCheckpoints checkpoints;
    private final PrintStream out;

    public AuditCommands(JdbcTemplate jdbc, LedgerCheckpoints checkpoints, PrintStream out) {
        this.jdbc = jdbc;
        this.checkpoints = checkpoints;
        this.out = out;
    }

    /** @return true when the ledger verifies */
    public boolean verify() {
        ChainVerifier.VerificationResult result = new ChainVerifier(jdbc, 1000, checkpoints).verify();
        if (!result.valid()) {
            out.println("FAILED: first bad seq " + (result.firstBadSeq() == null ? "-" : result.firstBadSeq())
                    + ": " + result.problem());
            out.println("  links verified before it: " + result.sealedEvents());
            return false;
        }
        long closedThrough = jdbc.queryForObject("SELECT COALESCE(MAX(closed_through_seq), 0) FROM ledger_segment",
                Long.class);
        long unsealed = jdbc.queryForObject("SELECT COUNT(*) FROM ledger_unsealed", Long.class);
        List<LedgerCheckpoint> all = checkpoints.all();
        out.println("OK: chain verified through seq " + result.sealedEvents()
                + (closedThrough > 0 ? " (from seq " + (closedThrough + 1) + "; segments closed through seq "
                + closedThrough + ")" : ""));
        out.println("  links verified        " + (result.sealedEvents() - closedThrough));
        out.println("  signed checkpoints    " + all.size()
                + (all.isEmpty() ? "" : ", latest at seq " + all.get(all.size() - 1).seq()));
        out.println("  events not yet sealed " + unsealed);
        return true;
    }
}
