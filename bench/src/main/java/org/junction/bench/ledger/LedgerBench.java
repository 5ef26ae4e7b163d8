package org.junction.bench.ledger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junction.security.audit.ChainHasher;
import org.junction.security.audit.ChainVerifier;
import org.junction.security.audit.LedgerSealer;
import org.junction.security.audit.SealedEventContent;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sealing throughput and verification speed of the audit ledger against a real database, with the
 * hub's own sealer and verifier and the hub's migrations. Not JMH: one run seals and verifies a
 * whole ledger, which is the unit the goals are stated in (records per minute over a large chain).
 *
 * <p>Usage: {@code LedgerBench [events] [batch]}; H2 (file, PostgreSQL mode, the embedded default)
 * always, PostgreSQL too when {@code JUNCTION_BENCH_POSTGRES_URL} is set (a fresh schema, dropped
 * afterwards). Events look like the pipeline's: a DECIDED or DELIVERED per referral, one or two
 * subject pseudonyms, decision details on about half.
 */
public final class LedgerBench {

    private LedgerBench() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Path migrations = Path.of(System.getProperty("junction.migrations", "../hub/src/main/resources/db/migration"));
        System.out.printf(Locale.ROOT, "Ledger benchmark: %,d events, sealing batch %d, %d cores, %s%n", events, batch,
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version"));
        hashOnly(Math.min(events, 500_000));

        Path dir = Files.createTempDirectory("junction-ledger-bench");
        try {
            if ("false".equals(System.getenv("JUNCTION_BENCH_H2"))) {
                System.out.println("(H2 skipped: JUNCTION_BENCH_H2=false)");
            } else {
                // One connection held open, as the hub's pool does: a file database closes with its last connection.
                var h2 = new SingleConnectionDataSource("jdbc:h2:file:" + dir.resolve("ledger")
                        + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "", true);
                try {
                    run("H2 2 (file)", h2, null, migrations, events, batch);
                } finally {
                    h2.destroy();
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        String pg = System.getenv("JUNCTION_BENCH_POSTGRES_URL");
        if (pg != null && !pg.isBlank()) {
            String schema = "junction_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            var admin = new SingleConnectionDataSource(pg, true);
            new JdbcTemplate(admin).execute("CREATE SCHEMA " + schema);
            // The schema is set before the connection is first opened, so every table goes into it.
            var ds = new SingleConnectionDataSource(pg, true);
            ds.setSchema(schema);
            try {
                run("PostgreSQL", ds, schema, migrations, events, batch);
            } finally {
                ds.destroy();
                new JdbcTemplate(admin).execute("DROP SCHEMA " + schema + " CASCADE");
                admin.destroy();
            }
        } else {
            System.out.println("(PostgreSQL skipped: set JUNCTION_BENCH_POSTGRES_URL to include it)");
        }
    }

    /** The hash function alone, in memory: the ceiling for verification. */
    private static void hashOnly(int n) {
        List<SealedEventContent> contents = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            contents.add(new SealedEventContent(i + 1, UUID.randomUUID(), "stage-" + i, "DELIVERED", Instant.now(),
                    "system:deliver", UUID.randomUUID(), "police-a", "mash-1", "PATSFTY", null, null, 1,
                    List.of("p1:" + UUID.randomUUID()), null));
        }
        for (int round = 0; round < 2; round++) { // the first round warms the JIT up
            long start = System.nanoTime();
            String prev = ChainHasher.GENESIS_HASH;
            for (int i = 0; i < n; i++) {
                prev = ChainHasher.hash(i + 1, prev, contents.get(i));
            }
            double s = (System.nanoTime() - start) / 1e9;
            if (round == 1) {
                System.out.printf(Locale.ROOT, "  hash only (in memory):  %,12.0f links/s  = %,.0f per minute%n",
                        n / s, n / s * 60);
            }
        }
    }

    private static void run(String name, DataSource ds, String schema, Path migrations, int events, int batch)
            throws Exception {
        try (Connection c = ds.getConnection()) {
            if (schema != null && !schema.equals(c.getSchema())) {
                throw new IllegalStateException("the connection is not on the benchmark's own schema");
            }
            try (Stream<Path> files = Files.list(migrations)) {
                for (Path script : files.sorted(Comparator.comparingInt(LedgerBench::version)).toList()) {
                    ScriptUtils.executeSqlScript(c, new FileSystemResource(script));
                }
            }
        }
        var jdbc = new JdbcTemplate(ds);
        var tx = new TransactionTemplate(new DataSourceTransactionManager(ds));
        System.out.println(name + ":");

        long start = System.nanoTime();
        insert(ds, events);
        report("write (batched inserts)", events, start);

        var sealer = new LedgerSealer(jdbc, tx, Clock.systemUTC());
        start = System.nanoTime();
        long sealed = 0;
        for (int n; (n = sealer.sealPending(batch)) > 0; ) {
            sealed += n;
        }
        report("seal (batch " + batch + ")", sealed, start);
        if (schema != null) {
            // A bulk load outruns autovacuum; a running hub's tables have statistics, so give these theirs.
            jdbc.execute("ANALYZE");
        }

        for (int page : new int[] {1000, 5000}) {
            start = System.nanoTime();
            ChainVerifier.VerificationResult result = new ChainVerifier(jdbc, page).verify();
            if (!result.valid() || result.sealedEvents() != events) {
                throw new IllegalStateException("verification failed: " + result);
            }
            report("verify (page " + page + ")", events, start);
        }
    }

    private static void report(String what, long n, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "  %-24s %,12.0f records/s = %,13.0f per minute  (%,d in %.1f s)%n", what,
                n / s, n / s * 60, n, s);
    }

    private static int version(Path script) {
        String name = script.getFileName().toString();
        return Integer.parseInt(name.substring(1, name.indexOf("__")));
    }

    /** Pipeline-like events written straight with JDBC batches, 10,000 per commit. */
    private static void insert(DataSource ds, int events) throws SQLException {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            long firstId;
            try (var rs = c.createStatement().executeQuery("SELECT COALESCE(MAX(id), 0) FROM ledger_event")) {
                rs.next();
                firstId = rs.getLong(1) + 1;
            }
            OffsetDateTime t0 = OffsetDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
            try (PreparedStatement event = c.prepareStatement("""
                    INSERT INTO ledger_event (id, event_id, stage_key, event_type, occurred_at, actor, tracking_id,
                        sender_partner_id, recipient_partner_id, purpose, outcome, reason_code, generation,
                        basis_kind, agreement_id, agreement_version, flow_id, consent_id, data_categories)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)""");
                 PreparedStatement subject = c.prepareStatement(
                         "INSERT INTO ledger_subject (ledger_event_id, pseudonym) VALUES (?, ?)")) {
                for (int i = 0; i < events; i++) {
                    long id = firstId + i;
                    UUID tracking = UUID.randomUUID();
                    boolean decided = i % 2 == 0;
                    String type = decided ? "DECIDED" : "DELIVERED";
                    event.setLong(1, id);
                    event.setObject(2, UUID.randomUUID());
                    event.setString(3, tracking + "|" + type + "|mash-1|1");
                    event.setString(4, type);
                    event.setObject(5, t0.plusNanos(i * 1_000_000L));
                    event.setString(6, decided ? "system:decide" : "system:deliver");
                    event.setObject(7, tracking);
                    event.setString(8, "police-a");
                    event.setString(9, "mash-1");
                    event.setString(10, "PATSFTY");
                    event.setString(11, decided ? "PERMIT" : null);
                    event.setString(12, decided ? "CONSENT_GIVEN" : null);
                    event.setString(13, decided ? "CONSENT" : null);
                    event.setString(14, decided ? "isa-safeguarding" : null);
                    event.setObject(15, decided ? 3 : null, java.sql.Types.INTEGER);
                    event.setString(16, decided ? "police-to-mash" : null);
                    event.setObject(17, decided ? UUID.randomUUID() : null);
                    event.setString(18, decided ? "DEMOGRAPHICS,INCIDENT" : null);
                    event.addBatch();
                    for (int p = 0; p < 1 + i % 2; p++) {
                        subject.setLong(1, id);
                        subject.setString(2, "p1:" + UUID.randomUUID());
                        subject.addBatch();
                    }
                    if ((i + 1) % 10_000 == 0 || i == events - 1) {
                        event.executeBatch();
                        subject.executeBatch();
                        c.commit();
                    }
                }
            }
            if (c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres")) {
                // Ids were given explicitly; the identity must continue after them.
                c.createStatement().execute("SELECT setval(pg_get_serial_sequence('ledger_event', 'id'), "
                        + (firstId + events) + ")");
            } else {
                c.createStatement().execute("ALTER TABLE ledger_event ALTER COLUMN id RESTART WITH " + (firstId + events));
            }
            c.commit();
        }
    }
}
