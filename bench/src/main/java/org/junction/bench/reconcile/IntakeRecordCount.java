package org.junction.bench.reconcile;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junction.bench.load.Args;
import org.junction.bench.load.JsonLines;
import org.junction.bench.load.SentRecord;

/**
 * Counts, in the hub's own database after the hub has stopped (H2 file) or while it runs
 * (PostgreSQL), the intake records of the sender: exactly one per accepted idempotency key, none
 * for a key the hub answered with a rejection, and an empty outbox. Exits 1 when not so.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar org.junction.bench.reconcile.IntakeRecordCount \
 *   --jdbc-url 'jdbc:h2:file:run/data/db/junction;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE' --user junction \
 *   --sent run/sent.jsonl --sender bench-police
 * </pre>
 */
public final class IntakeRecordCount {

    /** What the database holds for the keys of one run. */
    public record Counts(long acceptedKeys, long acceptedWithoutRecord, long keysWithSeveralRecords,
                         long recordsForRejectedKeys, long recordsForUnknownKeys, long trackingIdMismatches,
                         long outboxRows) {
        public boolean passed() {
            return acceptedWithoutRecord == 0 && keysWithSeveralRecords == 0 && recordsForRejectedKeys == 0
                    && trackingIdMismatches == 0 && outboxRows == 0;
        }
    }

    private IntakeRecordCount() {
    }

    /** Pure: compares the ledger with the rows (request id to its tracking ids) found for the sender. */
    public static Counts count(List<SentRecord> sent, Map<String, List<String>> recordsByKey, long outboxRows) {
        long accepted = 0;
        long missing = 0;
        long several = 0;
        long forRejected = 0;
        long forUnknown = 0;
        long mismatches = 0;
        for (SentRecord s : sent) {
            List<String> rows = recordsByKey.getOrDefault(s.key(), List.of());
            if (rows.size() > 1) {
                several++;
            }
            switch (s.outcome()) {
                case SentRecord.ACCEPTED -> {
                    accepted++;
                    if (rows.isEmpty()) {
                        missing++;
                    } else if (s.trackingId() != null && !rows.contains(s.trackingId())) {
                        mismatches++;
                    }
                }
                case SentRecord.REJECTED -> forRejected += rows.isEmpty() ? 0 : 1;
                default -> forUnknown += rows.isEmpty() ? 0 : 1;
            }
        }
        return new Counts(accepted, missing, several, forRejected, forUnknown, mismatches, outboxRows);
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv);
        List<SentRecord> sent = JsonLines.read(Path.of(args.required("sent")), SentRecord.class);
        Set<String> keys = new HashSet<>();
        sent.forEach(s -> keys.add(s.key()));
        Map<String, List<String>> records = new HashMap<>();
        long outbox;
        try (Connection c = DriverManager.getConnection(args.required("jdbc-url"), args.get("user", null),
                args.get("password", ""))) {
            try (PreparedStatement st = c.prepareStatement(
                    "SELECT request_id, tracking_id FROM intake_request WHERE sender_partner_id = ?")) {
                st.setString(1, args.required("sender"));
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(1);
                        if (keys.contains(key)) {
                            records.computeIfAbsent(key, k -> new java.util.ArrayList<>()).add(rs.getString(2));
                        }
                    }
                }
            }
            try (PreparedStatement st = c.prepareStatement("SELECT COUNT(*) FROM outbox");
                 ResultSet rs = st.executeQuery()) {
                rs.next();
                outbox = rs.getLong(1);
            }
        }
        Counts n = count(sent, records, outbox);
        String label = args.get("label", "db");
        System.out.printf("%s: database: accepted keys=%d without an intake record=%d with several=%d; records for "
                        + "rejected keys=%d, for unknown-outcome keys=%d; tracking id differs=%d; outbox rows left=%d%n",
                label, n.acceptedKeys(), n.acceptedWithoutRecord(), n.keysWithSeveralRecords(), n.recordsForRejectedKeys(),
                n.recordsForUnknownKeys(), n.trackingIdMismatches(), n.outboxRows());
        System.out.println(label + ": database " + (n.passed() ? "PASS" : "FAIL"));
        System.exit(n.passed() ? 0 : 1);
    }
}
