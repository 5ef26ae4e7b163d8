package org.junction.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junction.security.audit.LedgerCheckpointer;
import org.junction.security.audit.LedgerCheckpoints;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerSealer;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.keys.LedgerSigningKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code junction audit verify} on a hub's database and checkpoint file, with no server running. */
class AuditCliTest {

    private static final String PASSWORD = "cli-keystore-secret";

    @TempDir
    Path dir;

    @Test
    void verifyPrintsOkWithCountsThenNamesTheFirstBadSeqOfATamperedLedgerAndExitsOne() {
        Path keystore = dir.resolve("keys/junction-keys.p12");
        KeyStoreFiles.generate(keystore, PASSWORD.toCharArray(), "k1", "p1");
        KeyStoreFiles.addLedgerSigningKey(keystore, PASSWORD.toCharArray(), "l1");
        LedgerSigningKeys keys = KeyStoreFiles.loadLedgerSigningKeys(keystore, PASSWORD.toCharArray()).orElseThrow();
        String url = "jdbc:h2:file:" + dir.resolve("db/junction") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0";
        var ds = new DriverManagerDataSource(url, "junction", "");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
        var jdbc = new JdbcTemplate(ds);
        var tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        Path file = dir.resolve("audit/checkpoints.jsonl");
        var writer = new LedgerWriter(jdbc);
        var sealer = new LedgerSealer(jdbc, tx, Clock.systemUTC());
        var checkpointer = new LedgerCheckpointer(jdbc, tx, Clock.systemUTC(), () -> keys, 5, Duration.ofHours(1));
        for (int i = 0; i < 12; i++) {
            var e = LedgerEvent.forReferral(LedgerEventType.RECEIVED, UUID.randomUUID(), "system:intake", "police-a",
                    null, "SAFEGUARDING", "ACCEPTED", null, 1, List.of("p1:" + UUID.randomUUID()), Instant.now());
            tx.executeWithoutResult(s -> writer.record(e));
            sealer.sealPending(100);
            checkpointer.checkpointIfDue();
        }
        new LedgerCheckpoints(jdbc, file, () -> keys).copyToFile();
        String[] settings = {"audit", "verify", "--hub.data-dir=" + dir, "--hub.keys.keystore=" + keystore,
                "--hub.keys.password=" + PASSWORD, "--spring.datasource.url=" + url,
                "--hub.audit.checkpoint-file=" + file};

        PkiTest.Result ok = PkiTest.cli(settings);
        assertThat(ok.status()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("OK: chain verified through seq 12").containsPattern("links verified\\s+12")
                .containsPattern("signed checkpoints\\s+2, latest at seq 10");

        jdbc.update("UPDATE ledger_event SET reason_code = 'EDITED'"
                + " WHERE id = (SELECT ledger_event_id FROM ledger_chain WHERE seq = 7)");
        PkiTest.Result bad = PkiTest.cli(settings);
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.out()).contains("FAILED: first bad seq 7: hash mismatch");

        // A recomputed chain is the checkpoints' to catch; here the checkpoint file alone still has them.
        jdbc.update("UPDATE ledger_event SET reason_code = NULL"
                + " WHERE id = (SELECT ledger_event_id FROM ledger_chain WHERE seq = 7)");
        jdbc.update("DELETE FROM ledger_checkpoint");
        jdbc.update("INSERT INTO ledger_unsealed (ledger_event_id) SELECT ledger_event_id FROM ledger_chain WHERE seq > 8");
        jdbc.update("DELETE FROM ledger_chain WHERE seq > 8");
        jdbc.update("UPDATE ledger_chain_head SET last_seq = 8, last_hash = (SELECT hash FROM ledger_chain WHERE seq = 8)");
        PkiTest.Result truncated = PkiTest.cli(settings);
        assertThat(truncated.status()).isEqualTo(1);
        assertThat(truncated.out()).contains("FAILED: first bad seq 9: chain truncated: it ends before the signed"
                + " checkpoint at seq 10");

        assertThat(PkiTest.cli("audit", "check").status()).isEqualTo(2);
    }
}
