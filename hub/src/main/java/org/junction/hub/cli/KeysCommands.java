package org.junction.hub.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junction.adapters.feedback.OutcomeIntake;
import org.junction.adapters.intake.IntakeService;
import org.junction.hub.keys.KekRegistry;
import org.junction.security.crypto.CryptoException;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.keys.KeyRing;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.people.PersonAdministration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code junction keys}: rotation, retirement, re-wrapping and backup of the key-encryption keys.
 *
 * <p>The keystore holds the keys; the database ({@link KekRegistry}) holds which one is active and
 * which are retired, and the envelopes themselves. A key is retired only when no database row is
 * sealed under it any more (found by reading each envelope's header, which names its key id), and
 * retiring deletes it from the keystore, so it decrypts nothing from then on.
 *
 * <p>Envelopes outside the database (messages on the broker's queues, the dead-letter queue) cannot
 * be read from here; retiring therefore also asks the operator to confirm those were drained, see
 * {@code deploy/docs/keys-and-pki.md}.
 */
public final class KeysCommands {

    private static final Pattern NUMBERED = Pattern.compile("k(\\d{1,9})");
    private static final Pattern LEDGER_NUMBERED = Pattern.compile("l(\\d{1,9})");

    /** A database table holding envelopes, and how to rebuild the associated data each was sealed with. */
    private record SealedTable(String name, String select, String update, AadFor aad) {
    }

    @FunctionalInterface
    private interface AadFor {
        byte[] of(java.sql.ResultSet row) throws java.sql.SQLException;
    }

    private static final List<SealedTable> TABLES = List.of(
            new SealedTable("outbox",
                    "SELECT id, tracking_id, recipient_partner_id, payload FROM outbox",
                    "UPDATE outbox SET payload = ? WHERE id = ? AND payload = ?",
                    row -> {
                        UUID tracking = UUID.fromString(row.getString("tracking_id"));
                        String recipient = row.getString("recipient_partner_id");
                        return recipient == null ? IntakeService.associatedData(tracking)
                                : IntakeService.associatedData(tracking, recipient);
                    }),
            new SealedTable("consent_record",
                    "SELECT id, subject_pseudonym, payload FROM consent_record WHERE payload IS NOT NULL",
                    "UPDATE consent_record SET payload = ? WHERE id = ? AND subject_pseudonym = ? AND payload = ?",
                    row -> ("consent|" + row.getString("id")).getBytes(StandardCharsets.UTF_8)),
            new SealedTable("referral_outcome",
                    "SELECT outcome_id, payload FROM referral_outcome",
                    "UPDATE referral_outcome SET payload = ? WHERE outcome_id = ? AND payload = ?",
                    row -> OutcomeIntake.associatedData(UUID.fromString(row.getString("outcome_id")))),
            new SealedTable("hub_person",
                    "SELECT id, totp_secret AS payload FROM hub_person",
                    "UPDATE hub_person SET totp_secret = ? WHERE id = ? AND totp_secret = ?",
                    row -> PersonAdministration.associatedData(row.getString("id"))),
            new SealedTable("payload_view_reason",
                    "SELECT event_id, reason AS payload FROM payload_view_reason",
                    "UPDATE payload_view_reason SET reason = ? WHERE event_id = ? AND reason = ?",
                    row -> org.junction.hub.payload.PayloadViews.reasonAad(UUID.fromString(row.getString("event_id")))));

    private final Path keystore;
    private final char[] password;
    private final String configuredActiveKekId;
    private final String activePseudonymKeyId;
    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final KekRegistry registry;
    private final Clock clock;
    private final PrintStream out;

    public KeysCommands(Path keystore, char[] password, String configuredActiveKekId, String activePseudonymKeyId,
                        JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, PrintStream out) {
        this.keystore = keystore;
        this.password = password;
        this.configuredActiveKekId = configuredActiveKekId;
        this.activePseudonymKeyId = activePseudonymKeyId;
        this.jdbc = jdbc;
        this.tx = tx;
        this.registry = new KekRegistry(jdbc);
        this.clock = clock;
        this.out = out;
    }

    /** The id new data is sealed under: the one recorded by the last rotation, else the configured one. */
    public String activeKekId() {
        return registry.activeKekId().orElse(configuredActiveKekId);
    }

    /** The ring a hub node would open now: active id applied, retired keys left out. */
    public KeyRing ring() {
        Set<String> retired = registry.retiredIds();
        KeyRing ring = KeyStoreFiles.load(keystore, password, activeKekId(), activePseudonymKeyId);
        KeyRing.Builder builder = KeyRing.builder();
        ring.kekIds().stream().filter(id -> !retired.contains(id)).forEach(id -> builder.kek(id, ring.kek(id)));
        ring.pseudonymKeyIds().forEach(id -> builder.pseudonymKey(id, ring.pseudonymKey(id)));
        return builder.activeKek(ring.activeKekId()).activePseudonymKey(activePseudonymKeyId).build();
    }

    /** Prints each KEK with its status and how many stored envelopes are sealed under it. */
    public Map<String, Long> list() {
        Set<String> inKeystore = KeyStoreFiles.kekIds(keystore, password);
        Map<String, KekRegistry.Status> statuses = registry.statuses();
        Map<String, Long> usage = usage();
        String active = activeKekId();
        Set<String> ids = new java.util.TreeSet<>(inKeystore);
        ids.addAll(statuses.keySet());
        ids.addAll(usage.keySet());
        out.printf("%-20s %-13s %-9s %s%n", "KEY ID", "STATUS", "KEYSTORE", "ENVELOPES IN DATABASE");
        for (String id : ids) {
            String status = id.equals(active) ? "ACTIVE"
                    : statuses.getOrDefault(id, KekRegistry.Status.DECRYPT_ONLY).name();
            out.printf("%-20s %-13s %-9s %d%n", id, status, inKeystore.contains(id) ? "yes" : "NO",
                    usage.getOrDefault(id, 0L));
        }
        return usage;
    }

    /**
     * Adds a new KEK to the keystore and, unless {@code activate} is false, makes it the key new data is
     * sealed under. The previous keys stay in the keystore and keep decrypting.
     *
     * @return the new key id
     */
    public String rotate(String requestedId, boolean activate) {
        Set<String> existing = KeyStoreFiles.kekIds(keystore, password);
        String previous = activeKekId();
        String id = requestedId != null ? requestedId : nextId(existing, registry.statuses().keySet());
        if (registry.statuses().containsKey(id)) {
            throw new KeysException("key id '" + id + "' was used before; key ids are never reused");
        }
        KeyStoreFiles.addKek(keystore, password, id);
        tx.executeWithoutResult(status -> {
            var now = clock.instant();
            for (String known : existing) {
                registry.recordIfAbsent(known, known.equals(previous) ? KekRegistry.Status.ACTIVE
                        : KekRegistry.Status.DECRYPT_ONLY, now);
            }
            if (activate) {
                registry.activate(id, now);
            } else {
                registry.recordIfAbsent(id, KekRegistry.Status.DECRYPT_ONLY, now);
            }
        });
        out.println("Added key-encryption key '" + id + "' to " + keystore + ".");
        if (activate) {
            out.println("It is now the active key: running hub nodes whose keystore holds it seal new data under it"
                    + " within hub.keys.refresh-interval; data sealed under '" + previous + "' still opens."
                    + " Copy the keystore to every node first.");
        } else {
            out.println("Not active yet: copy the keystore to every node, then run `junction keys activate " + id + "`.");
        }
        return id;
    }

    /** Makes a key already in the keystore (and on every node) the active one. */
    public void activate(String id) {
        if (!KeyStoreFiles.kekIds(keystore, password).contains(id)) {
            throw new KeysException("keystore " + keystore + " has no key-encryption key '" + id + "'");
        }
        if (registry.retiredIds().contains(id)) {
            throw new KeysException("key-encryption key '" + id + "' is retired and cannot become active");
        }
        String previous = activeKekId();
        tx.executeWithoutResult(status -> {
            registry.recordIfAbsent(previous, KekRegistry.Status.ACTIVE, clock.instant());
            registry.activate(id, clock.instant());
        });
        out.println("Key-encryption key '" + id + "' is now active (was '" + previous + "'); running hub nodes switch"
                + " within hub.keys.refresh-interval.");
    }

    /**
     * Re-encrypts every database envelope not sealed under the active key. The envelope format binds
     * its header (key id and wrapped data key) into the GCM tag, so a data key cannot be re-wrapped in
     * place: each envelope is opened and sealed again under the active key, with the same associated
     * data, and written back only if the row still holds the envelope that was read.
     *
     * @return per table, the number of rows re-sealed
     */
    public Map<String, Integer> rewrap() {
        KeyRing ring = ring();
        EnvelopeCipher cipher = new EnvelopeCipher(ring);
        String active = ring.activeKekId();
        Map<String, Integer> rewrapped = new LinkedHashMap<>();
        List<String> failures = new ArrayList<>();
        for (SealedTable table : TABLES) {
            int[] count = {0};
            jdbc.query(table.select(), rs -> {
                byte[] envelope = rs.getBytes("payload");
                String kekId = kekIdOrNull(envelope);
                if (kekId == null || kekId.equals(active)) {
                    return;
                }
                try {
                    byte[] aad = table.aad().of(rs);
                    byte[] resealed = cipher.seal(cipher.open(envelope, aad), aad);
                    Object[] args = switch (table.name()) {
                        case "consent_record" -> new Object[] {resealed, UUID.fromString(rs.getString("id")),
                                rs.getString("subject_pseudonym"), envelope};
                        case "outbox" -> new Object[] {resealed, rs.getLong("id"), envelope};
                        case "hub_person" -> new Object[] {resealed, rs.getString("id"), envelope};
                        default -> new Object[] {resealed, UUID.fromString(rs.getString(1)), envelope};
                    };
                    count[0] += jdbc.update(table.update(), args);
                } catch (CryptoException e) {
                    failures.add(table.name() + " row " + rs.getString(1) + ": " + e.getMessage());
                }
            });
            rewrapped.put(table.name(), count[0]);
            out.println("Re-sealed " + count[0] + " " + table.name() + " envelope(s) under '" + active + "'.");
        }
        if (!failures.isEmpty()) {
            failures.forEach(f -> out.println("  could not re-seal " + f));
            throw new KeysException(failures.size() + " envelope(s) could not be re-sealed; see above");
        }
        return rewrapped;
    }

    /**
     * Retires a key: refused while it is active or any database envelope is sealed under it, and
     * unless the operator confirms the broker's queues hold nothing sealed before the rotation. The
     * key is then recorded RETIRED (every node leaves it out of its ring) and deleted from the keystore.
     */
    public void retire(String id, boolean brokerDrained) {
        if (id.equals(activeKekId())) {
            throw new KeysException("key-encryption key '" + id + "' is active; rotate to a new key first");
        }
        if (!KeyStoreFiles.kekIds(keystore, password).contains(id)) {
            throw new KeysException("keystore " + keystore + " has no key-encryption key '" + id + "'");
        }
        Map<String, Map<String, Long>> byTable = usageByTable();
        Map<String, Long> users = new TreeMap<>();
        byTable.forEach((table, counts) -> {
            long n = counts.getOrDefault(id, 0L);
            if (n > 0) {
                users.put(table, n);
            }
        });
        if (!users.isEmpty()) {
            throw new KeysException("key-encryption key '" + id + "' still protects stored data " + users
                    + "; run `junction keys rewrap` first");
        }
        if (!brokerDrained) {
            throw new KeysException("messages on the broker's queues (including the dead-letter queue) may still be"
                    + " sealed under '" + id + "' and cannot be checked from here; once they are drained, repeat with"
                    + " --confirm-broker-drained");
        }
        tx.executeWithoutResult(status -> registry.retire(id, clock.instant()));
        KeyStoreFiles.removeKek(keystore, password, id);
        out.println("Key-encryption key '" + id + "' is retired and deleted from " + keystore
                + "; nothing sealed under it can be opened any more.");
    }

    /** Exports the keystore into a new PKCS12 file under a separate backup password. */
    public void backup(Path target, char[] backupPassword) {
        KeyStoreFiles.copy(keystore, password, target, backupPassword);
        Set<String> ids = KeyStoreFiles.kekIds(target, backupPassword);
        out.println("Wrote " + target + " with key-encryption keys " + ids
                + " (and the pseudonym keys), protected by the backup password. Store it offline.");
    }

    /** Writes a backup back as the node's keystore (which must not exist), under the live password. */
    public void restore(Path backup, char[] backupPassword) {
        KeyStoreFiles.copy(backup, backupPassword, keystore, password);
        out.println("Restored " + keystore + " from " + backup + ": key-encryption keys "
                + KeyStoreFiles.kekIds(keystore, password) + ".");
    }

    /**
     * The hub signing certificate as PEM, for partners to verify what the hub signs for them; written
     * to {@code target}, or printed when it is null.
     */
    public String exportSigningCertificate(Path target) {
        var key = KeyStoreFiles.loadSigningKey(keystore, password).orElseThrow(() -> new KeysException(
                "keystore " + keystore + " holds no hub signing key; run `junction keys create-signing-key`"));
        String pem;
        try {
            pem = "-----BEGIN CERTIFICATE-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.certificate().getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new KeysException("the hub signing certificate cannot be encoded");
        }
        if (target == null) {
            out.print(pem);
        } else {
            try {
                java.nio.file.Files.writeString(target, pem, StandardCharsets.US_ASCII);
            } catch (java.io.IOException e) {
                throw new KeysException("cannot write " + target + ": " + e.getClass().getSimpleName());
            }
            out.println("Wrote the hub signing certificate (" + key.certificate().getSubjectX500Principal().getName()
                    + ", expires " + key.certificate().getNotAfter().toInstant() + ") to " + target + ".");
        }
        return pem;
    }

    /** Adds the hub signing key (EC P-256, self-signed certificate) to a keystore that has none. */
    public void createSigningKey() {
        var key = KeyStoreFiles.addSigningKey(keystore, password, org.junction.hub.keys.HubSigningKeys.COMMON_NAME);
        out.println("Added the hub signing key to " + keystore + " (" + key + "). Copy the keystore to every node"
                + " and give partners the certificate: `junction keys signing-certificate <file>`.");
    }

    /** Adds the first ledger signing key (Ed25519) to a keystore that has none. */
    public String createLedgerKey(String requestedId) {
        var existing = KeyStoreFiles.loadLedgerSigningKeys(keystore, password);
        if (existing.isPresent()) {
            throw new KeysException("keystore " + keystore + " already has ledger signing keys "
                    + existing.get().keys().keySet() + "; use `junction keys rotate-ledger-key` for a new one");
        }
        String id = requestedId != null ? requestedId : org.junction.hub.keys.LedgerKeys.FIRST_ID;
        var key = KeyStoreFiles.addLedgerSigningKey(keystore, password, id);
        out.println("Added ledger signing key '" + id + "' to " + keystore + " (" + key + "). Copy the keystore to"
                + " every node before starting them.");
        return id;
    }

    /**
     * Adds a new ledger signing key, which signs every checkpoint from now on (running nodes read the
     * changed keystore at their next checkpoint). The earlier keys stay, so the checkpoints they signed
     * still verify, and stay listed at {@code GET /api/v1/audit/keys}.
     */
    public String rotateLedgerKey(String requestedId) {
        var existing = KeyStoreFiles.loadLedgerSigningKeys(keystore, password).orElseThrow(() -> new KeysException(
                "keystore " + keystore + " holds no ledger signing key; run `junction keys create-ledger-key`"));
        String previous = existing.activeKeyId();
        String id = requestedId;
        if (id == null) {
            int max = 0;
            for (String known : existing.keys().keySet()) {
                Matcher m = LEDGER_NUMBERED.matcher(known);
                if (m.matches()) {
                    max = Math.max(max, Integer.parseInt(m.group(1)));
                }
            }
            id = "l" + (max + 1);
        }
        KeyStoreFiles.addLedgerSigningKey(keystore, password, id);
        out.println("Added ledger signing key '" + id + "' to " + keystore + "; it signs new checkpoints from now on"
                + " (was '" + previous + "', which stays so its checkpoints still verify). Copy the keystore to every"
                + " node, and give partners the new public key (GET /api/v1/audit/keys).");
        return id;
    }

    /** How many database envelopes each key id protects. */
    public Map<String, Long> usage() {
        Map<String, Long> total = new TreeMap<>();
        usageByTable().values().forEach(m -> m.forEach((id, n) -> total.merge(id, n, Long::sum)));
        return total;
    }

    private Map<String, Map<String, Long>> usageByTable() {
        Map<String, Map<String, Long>> result = new LinkedHashMap<>();
        for (SealedTable table : TABLES) {
            Map<String, Long> counts = new TreeMap<>();
            jdbc.query(table.select(), rs -> {
                String id = kekIdOrNull(rs.getBytes("payload"));
                counts.merge(id == null ? "(unreadable)" : id, 1L, Long::sum);
            });
            result.put(table.name(), counts);
        }
        return result;
    }

    private static String kekIdOrNull(byte[] envelope) {
        try {
            return EnvelopeCipher.kekIdOf(envelope);
        } catch (CryptoException e) {
            return null;
        }
    }

    private static String nextId(Set<String> inKeystore, Set<String> recorded) {
        int max = 0;
        for (String id : union(inKeystore, recorded)) {
            Matcher m = NUMBERED.matcher(id);
            if (m.matches()) {
                max = Math.max(max, Integer.parseInt(m.group(1)));
            }
        }
        return "k" + (max + 1);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new java.util.TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    /** A keys command refused or failed; the message names ids and files, never key material. */
    public static final class KeysException extends RuntimeException {
        public KeysException(String message) {
            super(message);
        }
    }
}
