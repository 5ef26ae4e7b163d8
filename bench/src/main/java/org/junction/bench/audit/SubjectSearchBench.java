package org.junction.bench.audit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import org.flywaydb.core.Flyway;
import org.junction.security.audit.LedgerSearchSql;
import org.junction.security.keys.KeyRing;
import org.junction.security.pseudonym.Pseudonymiser;

/**
 * Times the audit API's subject search (the statement {@link LedgerSearchSql} builds) against a
 * ledger of a million events, on embedded H2 and on PostgreSQL. The schema is the hub's own,
 * built by its migrations; the events are bulk-inserted rows shaped like the hub's: a referral is
 * RECEIVED, QUEUED, DECIDED, QUEUED to the recipient and DELIVERED, each event carrying the
 * subject's NHS number pseudonym and one partner-local pseudonym, under a real pseudonym key.
 *
 * <p>Not JMH: what matters is the tail of single searches against a database, so each search is
 * timed on its own and the percentiles are reported. Arguments (all optional):
 * {@code h2|postgres events subjects searches}. PostgreSQL is reached through
 * {@code JUNCTION_BENCH_POSTGRES_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres});
 * the run creates a fresh schema and drops it at the end, and the H2 file is deleted.
 */
public final class SubjectSearchBench {

    private static final String[] TYPES = {"RECEIVED", "QUEUED", "DECIDED", "QUEUED", "DELIVERED"};
    private static final String[] SENDERS = {"police-a", "police-b", "council-a", "council-b", "hospital-a"};
    private static final String[] RECIPIENTS = {"gp-a", "gp-b", "council-a", "mash-a", "volunteer-a"};
    private static final String[] PURPOSES = {"PATSFTY", "SUPNWK", "TREAT"};
    /** Identifiers a subject has: an NHS number and partner-local ids at two forces and two councils. */
    private static final int IDS_PER_SUBJECT = 5;
    private static final int BATCH = 5_000;

    private SubjectSearchBench() {
    }

    public static void main(String[] args) throws Exception {
        String db = args.length > 0 ? args[0] : "h2";
        int events = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        int subjects = args.length > 2 ? Integer.parseInt(args[2]) : 100_000;
        int searches = args.length > 3 ? Integer.parseInt(args[3]) : 5_000;

        SecureRandom keys = new SecureRandom();
        byte[] kek = new byte[KeyRing.KEY_BYTES];
        byte[] current = new byte[KeyRing.KEY_BYTES];
        byte[] previous = new byte[KeyRing.KEY_BYTES];
        keys.nextBytes(kek);
        keys.nextBytes(current);
        keys.nextBytes(previous);
        // Two pseudonym keys, as after a rotation: a search looks under both, as the API does.
        Pseudonymiser pseudonymiser = new Pseudonymiser(KeyRing.builder()
                .kek("kek-1", new SecretKeySpec(kek, "AES")).activeKek("kek-1")
                .pseudonymKey("p-2", new SecretKeySpec(current, "HmacSHA256"))
                .pseudonymKey("p-1", new SecretKeySpec(previous, "HmacSHA256"))
                .activePseudonymKey("p-2").build());

        Path h2Dir = null;
        String url;
        String schema = null;
        if (db.equals("postgres")) {
            schema = "junction_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            url = System.getenv().getOrDefault("JUNCTION_BENCH_POSTGRES_URL",
                    "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
            // Sends each batch as multi-row INSERTs: loading a million rows one statement at a time takes long.
            url += (url.contains("?") ? "&" : "?") + "reWriteBatchedInserts=true";
        } else if (db.equals("h2")) {
            h2Dir = Files.createTempDirectory("junction-bench-h2");
            url = "jdbc:h2:file:" + h2Dir.resolve("db") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
                    + "DEFAULT_NULL_ORDERING=HIGH";
        } else {
            throw new IllegalArgumentException("database: h2 or postgres");
        }
        try (Connection con = DriverManager.getConnection(url, db.equals("h2") ? "junction" : null, null)) {
            if (schema != null) {
                try (Statement st = con.createStatement()) {
                    st.execute("CREATE SCHEMA " + schema);
                }
                con.setSchema(schema);
            }
            try {
                run(con, url, schema, db, pseudonymiser, events, subjects, searches);
            } finally {
                if (schema != null) {
                    con.setAutoCommit(true);
                    try (Statement st = con.createStatement()) {
                        st.execute("DROP SCHEMA " + schema + " CASCADE");
                    }
                }
            }
        } finally {
            if (h2Dir != null) {
                try (Stream<Path> files = Files.walk(h2Dir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void run(Connection con, String url, String schema, String db, Pseudonymiser pseudonymiser,
                            int events, int subjects, int searches) throws SQLException {
        var flyway = Flyway.configure().locations("classpath:db/migration");
        if (schema != null) {
            flyway.dataSource(url, null, null).schemas(schema).defaultSchema(schema).createSchemas(false);
        } else {
            flyway.dataSource(url, "junction", "");
        }
        flyway.load().migrate();

        long started = System.nanoTime();
        load(con, pseudonymiser, events, subjects);
        if (db.equals("postgres")) {
            try (Statement st = con.createStatement()) {
                st.execute("ANALYZE ledger_event");
                st.execute("ANALYZE ledger_subject");
            }
        }
        double loadSeconds = (System.nanoTime() - started) / 1e9;
        System.err.printf(Locale.ROOT, "Loaded %,d events of %,d subjects on %s in %.0f s%n", events, subjects, db,
                loadSeconds);

        Random random = new Random(7);
        String scoped = "organisation-scoped";
        for (String scope : List.of("hub-wide", scoped)) {
            // An IG lead of the organisation owning police-a and gp-a, or a hub-wide one.
            List<String> partners = scope.equals(scoped) ? List.of("police-a", "gp-a") : null;
            int warmUp = Math.max(200, searches / 5);
            long[] nanos = new long[searches];
            int rows = 0;
            for (int i = -warmUp; i < searches; i++) {
                int subject = random.nextInt(subjects);
                List<String> pseudonyms = pseudonymiser.pseudonymsUnderEveryKey(NHS, nhsNumber(subject));
                List<Object> args = new ArrayList<>();
                String sql = LedgerSearchSql.build(new LedgerSearchSql.Filter(pseudonyms, null, null, null, null, null,
                        null, null, partners, 0, 50), args);
                long t0 = System.nanoTime();
                int n = 0;
                try (PreparedStatement ps = con.prepareStatement(sql)) {
                    for (int a = 0; a < args.size(); a++) {
                        ps.setObject(a + 1, args.get(a));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            rs.getObject(1);
                            n++;
                        }
                    }
                }
                long took = System.nanoTime() - t0;
                if (i >= 0) {
                    nanos[i] = took;
                    rows += n;
                }
            }
            Arrays.sort(nanos);
            System.out.printf(Locale.ROOT, "| %s | %s | %,d | %.1f | %.2f | %.2f | %.2f | %.2f |%n", db, scope,
                    searches, rows / (double) searches, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99),
                    nanos[nanos.length - 1] / 1e6);
        }
    }

    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";

    /** A synthetic ten-digit number per subject; the benchmark needs distinct values, not valid ones. */
    private static String nhsNumber(int subject) {
        return String.format(Locale.ROOT, "999%07d", subject);
    }

    private static double ms(long[] sorted, double quantile) {
        int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e6;
    }

    /**
     * Referrals of five events each, subjects picked at random; every event carries the subject's
     * NHS number pseudonym and one of the subject's partner-local pseudonyms.
     */
    private static void load(Connection con, Pseudonymiser pseudonymiser, int events, int subjects) throws SQLException {
        String[][] pseudonyms = new String[subjects][];
        for (int s = 0; s < subjects; s++) {
            pseudonyms[s] = new String[IDS_PER_SUBJECT];
            pseudonyms[s][0] = pseudonymiser.pseudonymise(NHS, nhsNumber(s)).toString();
            for (int k = 1; k < IDS_PER_SUBJECT; k++) {
                pseudonyms[s][k] = pseudonymiser.pseudonymise("https://fhir.junction-hub.org/Id/local/" + k,
                        "L" + s).toString();
            }
        }
        con.setAutoCommit(false);
        Random random = new Random(42);
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        try (PreparedStatement event = con.prepareStatement("""
                INSERT INTO ledger_event (id, event_id, stage_key, event_type, occurred_at, actor, tracking_id,
                    sender_partner_id, recipient_partner_id, purpose, outcome, reason_code, generation, basis_kind,
                    basis_codes, agreement_id, agreement_version, flow_id, data_categories)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""");
             PreparedStatement subject = con.prepareStatement(
                     "INSERT INTO ledger_subject (ledger_event_id, pseudonym) VALUES (?, ?)")) {
            int subjectOf = 0;
            UUID tracking = null;
            String sender = null;
            String recipient = null;
            String purpose = null;
            for (int id = 1; id <= events; id++) {
                int step = (id - 1) % TYPES.length;
                if (step == 0) {
                    subjectOf = random.nextInt(subjects);
                    tracking = UUID.randomUUID();
                    sender = SENDERS[random.nextInt(SENDERS.length)];
                    recipient = RECIPIENTS[random.nextInt(RECIPIENTS.length)];
                    purpose = PURPOSES[random.nextInt(PURPOSES.length)];
                }
                String type = TYPES[step];
                boolean forRecipient = step >= 2;
                boolean decided = type.equals("DECIDED");
                event.setLong(1, id);
                event.setObject(2, UUID.randomUUID());
                event.setString(3, tracking + "|" + type + "|" + (forRecipient ? recipient : "-") + "|1|" + step);
                event.setString(4, type);
                event.setObject(5, OffsetDateTime.ofInstant(start.plusSeconds(id * 30L), ZoneOffset.UTC));
                event.setString(6, "hub");
                event.setObject(7, tracking);
                event.setString(8, sender);
                event.setString(9, forRecipient ? recipient : null);
                event.setString(10, purpose);
                event.setString(11, decided ? "PERMIT" : null);
                event.setString(12, decided ? "CONSENT_GIVEN" : null);
                event.setInt(13, 1);
                event.setString(14, decided ? "CONSENT_AGREEMENT" : null);
                event.setString(15, decided ? "6(1)(e) 9(2)(g)+DPA2018-Sch1-para18" : null);
                event.setString(16, decided ? "police-health" : null);
                event.setObject(17, decided ? 1 : null, java.sql.Types.INTEGER);
                event.setString(18, decided ? "police-to-gp" : null);
                event.setString(19, decided ? "REFERRAL IDENTITY DOMESTIC_ABUSE" : null);
                event.addBatch();
                subject.setLong(1, id);
                subject.setString(2, pseudonyms[subjectOf][0]);
                subject.addBatch();
                subject.setLong(1, id);
                subject.setString(2, pseudonyms[subjectOf][1 + (id % (IDS_PER_SUBJECT - 1))]);
                subject.addBatch();
                if (id % BATCH == 0 || id == events) {
                    event.executeBatch();
                    subject.executeBatch();
                    con.commit();
                    if (id % 100_000 == 0) {
                        System.err.printf(Locale.ROOT, "  %,d events loaded%n", id);
                    }
                }
            }
        }
        con.setAutoCommit(true);
    }
}
