package org.junction.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junction.adapters.feedback.OutcomeIntake;
import org.junction.adapters.intake.IntakeService;
import org.junction.hub.keys.KekRegistry;
import org.junction.hub.keys.KeyProperties;
import org.junction.hub.keys.KeyRingFactory;
import org.junction.security.crypto.CryptoException;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.keys.KeyRing;
import org.junction.security.keys.KeyStoreFileException;
import org.junction.security.keys.KeyStoreFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

class KeysCommandsTest {

    private static final char[] PASSWORD = "keystore-secret-for-tests".toCharArray();
    private static final byte[] REFERRAL = "{\"resourceType\":\"Bundle\",\"id\":\"synthetic-1\"}".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private Path keystore;
    private JdbcTemplate jdbc;
    private TransactionTemplate tx;
    private KeysCommands keys;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @BeforeEach
    void setUp() {
        var dataSource = new DriverManagerDataSource("jdbc:h2:mem:keys-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
        jdbc = new JdbcTemplate(dataSource);
        tx = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        keystore = dir.resolve("keys/hub.p12");
        KeyStoreFiles.generate(keystore, PASSWORD, "k1", "p1");
        keys = commandsFor(keystore);
    }

    private KeysCommands commandsFor(Path file) {
        return new KeysCommands(file, PASSWORD, "k1", "p1", jdbc, tx, Clock.systemUTC(),
                new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @Test
    void rotateKeepsOldDataReadableAndSealsNewDataUnderTheNewKeyOnEveryNodeThatStarts() {
        EnvelopeCipher before = new EnvelopeCipher(keys.ring());
        UUID tracking = UUID.randomUUID();
        byte[] old = before.seal(REFERRAL, IntakeService.associatedData(tracking));

        String id = keys.rotate(null, true);

        assertThat(id).isEqualTo("k2");
        assertThat(KeyStoreFiles.kekIds(keystore, PASSWORD)).containsExactly("k1", "k2");
        assertThat(new KekRegistry(jdbc).statuses())
                .containsEntry("k1", KekRegistry.Status.DECRYPT_ONLY).containsEntry("k2", KekRegistry.Status.ACTIVE);
        // what a hub node opens at start: the recorded active id wins over the configured k1
        KekRegistry registry = new KekRegistry(jdbc);
        KeyRing node = KeyRingFactory.open(properties(), dir, registry.activeKekId().orElse(null), registry.retiredIds());
        EnvelopeCipher after = new EnvelopeCipher(node);
        assertThat(node.activeKekId()).isEqualTo("k2");
        assertThat(after.open(old, IntakeService.associatedData(tracking))).isEqualTo(REFERRAL);
        byte[] fresh = after.seal(REFERRAL, IntakeService.associatedData(tracking));
        assertThat(EnvelopeCipher.kekIdOf(fresh)).isEqualTo("k2");
        assertThat(EnvelopeCipher.kekIdOf(old)).isEqualTo("k1");

        assertThat(keys.rotate(null, true)).isEqualTo("k3");
        assertThat(keys.activeKekId()).isEqualTo("k3");
    }

    @Test
    void rotateWithoutActivationAddsTheKeyAndActivateSwitchesLater() {
        String id = keys.rotate("2027a", false);

        assertThat(keys.activeKekId()).isEqualTo("k1");
        assertThat(keys.ring().kekIds()).containsExactly("2027a", "k1");
        keys.activate(id);
        assertThat(keys.activeKekId()).isEqualTo("2027a");
        assertThatThrownBy(() -> keys.activate("nope")).isInstanceOf(KeysCommands.KeysException.class);
    }

    @Test
    void retireIsRefusedWhileStoredDataUsesTheKeyAndSucceedsAfterRewrap() {
        EnvelopeCipher k1 = new EnvelopeCipher(keys.ring());
        Stored stored = storeOneOfEach(k1);
        byte[] keptCopyUnderK1 = k1.seal(REFERRAL, "elsewhere".getBytes(StandardCharsets.UTF_8));
        keys.rotate(null, true);
        assertThat(keys.usage()).containsEntry("k1", 4L);

        assertThatThrownBy(() -> keys.retire("k1", true))
                .isInstanceOf(KeysCommands.KeysException.class)
                .hasMessageContaining("outbox=2").hasMessageContaining("consent_record=1")
                .hasMessageContaining("referral_outcome=1");
        assertThatThrownBy(() -> keys.retire("k2", true)).hasMessageContaining("is active");

        Map<String, Integer> rewrapped = keys.rewrap();

        assertThat(rewrapped).containsEntry("outbox", 2).containsEntry("consent_record", 1)
                .containsEntry("referral_outcome", 1);
        assertThat(keys.usage()).containsOnlyKeys("k2").containsEntry("k2", 4L);
        assertThat(keys.rewrap()).containsValues(0, 0, 0);
        assertThatThrownBy(() -> keys.retire("k1", false)).hasMessageContaining("--confirm-broker-drained");

        keys.retire("k1", true);

        assertThat(KeyStoreFiles.kekIds(keystore, PASSWORD)).containsExactly("k2");
        assertThat(new KekRegistry(jdbc).retiredIds()).containsExactly("k1");
        EnvelopeCipher now = new EnvelopeCipher(keys.ring());
        assertThat(now.open(payload("outbox", "recipient_partner_id IS NULL"), IntakeService.associatedData(stored.tracking)))
                .isEqualTo(REFERRAL);
        assertThat(now.open(payload("outbox", "recipient_partner_id IS NOT NULL"),
                IntakeService.associatedData(stored.tracking, "council-test"))).isEqualTo(REFERRAL);
        assertThat(now.open(payload("consent_record", "payload IS NOT NULL"), ("consent|" + stored.consent).getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(REFERRAL);
        assertThat(now.open(payload("referral_outcome", "1=1"), OutcomeIntake.associatedData(stored.outcome)))
                .isEqualTo(REFERRAL);
        // a retired key decrypts nothing, even on a node whose keystore copy still holds it
        assertThatThrownBy(() -> now.open(keptCopyUnderK1, "elsewhere".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(CryptoException.class).hasMessageContaining("unknown key-encryption key id 'k1'");
        assertThat(KeyRingFactory.open(properties(), dir, "k2", Set.of("k1")).kekIds()).containsExactly("k2");
        assertThatThrownBy(() -> KeyRingFactory.open(properties(), dir, "k1", Set.of("k1")))
                .hasMessageContaining("retired");
    }

    @Test
    void rewrapWritesNothingBackForAnEnvelopeThatNoLongerOpens() {
        EnvelopeCipher k1 = new EnvelopeCipher(keys.ring());
        storeOneOfEach(k1);
        byte[] tampered = payload("referral_outcome", "1=1");
        tampered[tampered.length - 1] ^= 1;
        jdbc.update("UPDATE referral_outcome SET payload = ?", (Object) tampered);
        keys.rotate(null, true);

        assertThatThrownBy(() -> keys.rewrap()).hasMessageContaining("1 envelope(s) could not be re-sealed");

        assertThat(keys.usage()).containsEntry("k1", 1L).containsEntry("k2", 3L);
        assertThatThrownBy(() -> keys.retire("k1", true)).hasMessageContaining("referral_outcome=1");
    }

    @Test
    void backupIsProtectedByItsOwnPasswordAndRestoresAKeystoreThatOpensStoredData() throws Exception {
        EnvelopeCipher k1 = new EnvelopeCipher(keys.ring());
        UUID tracking = UUID.randomUUID();
        byte[] sealed = k1.seal(REFERRAL, IntakeService.associatedData(tracking));
        keys.rotate(null, true);
        byte[] sealedUnderK2 = new EnvelopeCipher(keys.ring()).seal(REFERRAL, IntakeService.associatedData(tracking));
        char[] backupPassword = "offline-backup-secret".toCharArray();
        Path backup = dir.resolve("offline/keys-backup.p12");

        keys.backup(backup, backupPassword);

        assertThatThrownBy(() -> KeyStoreFiles.load(backup, PASSWORD, "k2", "p1"))
                .isInstanceOf(KeyStoreFileException.class).hasMessageContaining("wrong password");
        assertThatThrownBy(() -> keys.backup(backup, backupPassword)).hasMessageContaining("already exists");

        Files.delete(keystore);
        keys.restore(backup, backupPassword);

        EnvelopeCipher restored = new EnvelopeCipher(keys.ring());
        assertThat(restored.open(sealed, IntakeService.associatedData(tracking))).isEqualTo(REFERRAL);
        assertThat(restored.open(sealedUnderK2, IntakeService.associatedData(tracking))).isEqualTo(REFERRAL);
        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(new String(PASSWORD))
                .doesNotContain(new String(backupPassword));
    }

    @Test
    void listShowsEachKeyWithItsStatusAndStoredEnvelopes() {
        storeOneOfEach(new EnvelopeCipher(keys.ring()));
        keys.rotate(null, true);

        keys.list();

        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).containsPattern("k1\\s+DECRYPT_ONLY\\s+yes\\s+4")
                .containsPattern("k2\\s+ACTIVE\\s+yes\\s+0");
    }

    @Test
    void keyIdsAreNeverReused() {
        keys.rotate(null, true);
        keys.rewrap();
        keys.retire("k1", true);

        assertThatThrownBy(() -> keys.rotate("k1", true)).hasMessageContaining("never reused");
        assertThat(keys.rotate(null, true)).isEqualTo("k3");
    }

    private record Stored(UUID tracking, UUID consent, UUID outcome) {
    }

    private Stored storeOneOfEach(EnvelopeCipher cipher) {
        UUID tracking = UUID.randomUUID();
        UUID consent = UUID.randomUUID();
        UUID outcome = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc.update("""
                INSERT INTO outbox (tracking_id, destination, duplicate_id, sender_partner_id, purpose,
                                    subject_pseudonyms, payload, created_at)
                VALUES (?, 'hub.intake', ?, 'police-test', 'SAFEGUARDING', 'p1:abc', ?, ?)""",
                tracking, "intake-" + tracking, cipher.seal(REFERRAL, IntakeService.associatedData(tracking)), now);
        jdbc.update("""
                INSERT INTO outbox (tracking_id, destination, duplicate_id, sender_partner_id, purpose,
                                    subject_pseudonyms, payload, created_at, recipient_partner_id)
                VALUES (?, 'hub.dispatch.council-test', ?, 'police-test', 'SAFEGUARDING', 'p1:abc', ?, ?, 'council-test')""",
                tracking, "dispatch-" + tracking,
                cipher.seal(REFERRAL, IntakeService.associatedData(tracking, "council-test")), now);
        jdbc.update("""
                INSERT INTO consent_record (id, subject_pseudonym, status, provision, purposes, recipients,
                                            recorded_at, source, sender_partner_id, payload)
                VALUES (?, 'p1:abc', 'ACTIVE', 'PERMIT', 'SAFEGUARDING', '*', ?, 'referral', 'police-test', ?)""",
                consent, now, cipher.seal(REFERRAL, ("consent|" + consent).getBytes(StandardCharsets.UTF_8)));
        // The same consent under a second pseudonym holds no copy of its own (ConsentStore).
        jdbc.update("""
                INSERT INTO consent_record (id, subject_pseudonym, status, provision, purposes, recipients,
                                            recorded_at, source, sender_partner_id, payload)
                VALUES (?, 'p1:def', 'ACTIVE', 'PERMIT', 'SAFEGUARDING', '*', ?, 'referral', 'police-test', NULL)""",
                consent, now);
        jdbc.update("""
                INSERT INTO referral_outcome (outcome_id, sender_partner_id, request_id, correlation_id,
                    referral_tracking_id, referrer_partner_id, format, outcome_code, task_status, received_at, payload)
                VALUES (?, 'council-test', 'req-1', 'corr-1', ?, 'police-test', 'fhir', 'ACCEPTED', 'accepted', ?, ?)""",
                outcome, tracking, now, cipher.seal(REFERRAL, OutcomeIntake.associatedData(outcome)));
        return new Stored(tracking, consent, outcome);
    }

    private byte[] payload(String table, String where) {
        List<byte[]> rows = jdbc.queryForList("SELECT payload FROM " + table + " WHERE " + where, byte[].class);
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    private KeyProperties properties() {
        return new KeyProperties(keystore, new String(PASSWORD), "k1", "p1", false);
    }
}
