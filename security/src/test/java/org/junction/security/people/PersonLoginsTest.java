package org.junction.security.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.identity.Role;
import org.junction.security.keys.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.FileSystemResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.init.ScriptUtils;
import org.springframework.transaction.support.TransactionTemplate;

/** Logins against a real (in-memory H2) database with the hub's migrations, a real cipher and a movable clock. */
class PersonLoginsTest {

    private static final String[] MIGRATIONS = {"V1__intake_outbox_ledger.sql", "V3__ledger_chain.sql",
            "V10__people.sql", "V16__ledger_event_details.sql", "V26__ledger_unsealed.sql"};

    private Connection keepAlive;
    private JdbcTemplate jdbc;
    private MutableClock clock;
    private PersonAdministration admin;
    private PersonLogins logins;
    private EnvelopeCipher cipher;

    @BeforeEach
    void setUp() throws Exception {
        DataSource db = new DriverManagerDataSource("jdbc:h2:mem:people-" + UUID.randomUUID()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "");
        keepAlive = db.getConnection();
        String root = System.getProperty("junction.root.dir", "..");
        Path dir = Path.of(root).resolve("hub/src/main/resources/db/migration").toAbsolutePath().normalize();
        assertThat(Files.isDirectory(dir)).as("migrations at " + dir).isTrue();
        for (String migration : MIGRATIONS) {
            ScriptUtils.executeSqlScript(keepAlive, new FileSystemResource(dir.resolve(migration)));
        }
        jdbc = new JdbcTemplate(db);
        var tx = new TransactionTemplate(new DataSourceTransactionManager(db));
        clock = new MutableClock(Instant.parse("2026-03-01T09:00:10Z"));
        cipher = new EnvelopeCipher(TestKeys.ring());
        Passwords passwords = new Passwords(new SecureRandom());
        PersonStore store = new PersonStore(jdbc);
        LedgerWriter ledger = new LedgerWriter(jdbc);
        admin = new PersonAdministration(store, passwords, cipher, ledger, tx, clock, new SecureRandom());
        logins = new PersonLogins(store, passwords, cipher, ledger, tx, clock, 3, Duration.ofMinutes(15));
    }

    @AfterEach
    void tearDown() throws Exception {
        keepAlive.close();
    }

    @Test
    void logsInWithPasswordAndCurrentCodeOnceAndRecordsItWithoutTheCredentials() {
        var issued = admin.add("ig-lead-a", "Org A", Set.of(Role.IG_LEAD), List.of(), false, "TEST");
        var user = logins.login("ig-lead-a", issued.password(), code(issued));
        assertThat(user).hasValueSatisfying(u -> {
            assertThat(u.organisation()).isEqualTo("Org A");
            assertThat(u.roles()).containsExactly(Role.IG_LEAD);
            assertThat(u.hubWide()).isFalse();
        });
        // The same code again, even with the right password: refused (replay).
        assertThat(logins.login("ig-lead-a", issued.password(), code(issued))).isEmpty();
        assertThat(ledger()).containsExactly("PERSON_CREATED ig-lead-a CREATED TEST",
                "LOGIN_SUCCEEDED ig-lead-a SUCCEEDED PASSWORD_TOTP", "LOGIN_FAILED ig-lead-a FAILED REPLAYED_CODE");
        String everything = String.join(" ", jdbc.queryForList(
                "SELECT CONCAT(actor, ' ', COALESCE(outcome, ''), ' ', COALESCE(reason_code, '')) FROM ledger_event",
                String.class)) + jdbc.queryForObject("SELECT password_hash FROM hub_person", String.class);
        assertThat(everything).doesNotContain(issued.password()).doesNotContain(code(issued));
        // The TOTP secret is stored sealed, never in clear.
        byte[] stored = jdbc.queryForObject("SELECT totp_secret FROM hub_person", byte[].class);
        assertThat(new String(stored, java.nio.charset.StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(Base32.decode(issued.totpSecret()), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(EnvelopeCipher.kekIdOf(stored)).isEqualTo("a");
        // The next step's code is a new code and works.
        clock.advance(Duration.ofSeconds(30));
        assertThat(logins.login("ig-lead-a", issued.password(), code(issued))).isPresent();
    }

    @Test
    void aWrongFactorFailsAndEnoughFailuresLockOutEvenTheRightCredentialsUntilTheLockoutEnds() {
        var issued = admin.add("operator-a", "Org A", Set.of(Role.OPERATOR), List.of(), false, "TEST");
        assertThat(logins.login("operator-a", "wrong-password", code(issued))).isEmpty();
        assertThat(logins.login("operator-a", issued.password(), "000000".equals(code(issued)) ? "111111" : "000000"))
                .isEmpty();
        assertThat(logins.login("operator-a", "wrong-password", "123")).isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(logins.login("operator-a", issued.password(), code(issued))).as("locked").isEmpty();
        assertThat(ledger()).contains("LOGIN_FAILED operator-a FAILED BAD_PASSWORD",
                "LOGIN_FAILED operator-a FAILED BAD_CODE",
                "LOGIN_FAILED operator-a FAILED BAD_PASSWORD_AND_CODE_LOCKED_OUT",
                "LOGIN_FAILED operator-a FAILED LOCKED");
        clock.advance(Duration.ofMinutes(15));
        assertThat(logins.login("operator-a", issued.password(), code(issued))).isPresent();
        assertThat(jdbc.queryForObject("SELECT failed_attempts FROM hub_person", Integer.class)).isZero();
    }

    @Test
    void unknownAndDisabledPeopleAreRefusedAndResetIssuesNewCredentials() {
        var issued = admin.add("admin-a", "Hub team", Set.of(Role.HUB_ADMIN), List.of(), true, "TEST");
        assertThat(logins.login("nobody-here", issued.password(), code(issued))).isEmpty();
        assertThat(logins.login("Not An Id!", issued.password(), code(issued))).isEmpty();
        var reset = admin.reset("admin-a", "TEST");
        assertThat(reset.password()).isNotEqualTo(issued.password());
        assertThat(logins.login("admin-a", issued.password(), code(issued))).as("old credentials").isEmpty();
        clock.advance(Duration.ofSeconds(30));
        assertThat(logins.login("admin-a", reset.password(), code(reset))).isPresent();
        admin.disable("admin-a", "TEST");
        clock.advance(Duration.ofSeconds(30));
        assertThat(logins.login("admin-a", reset.password(), code(reset))).isEmpty();
        assertThat(ledger()).contains("LOGIN_FAILED unknown-person FAILED UNKNOWN_PERSON", "PERSON_RESET admin-a RESET TEST",
                "PERSON_DISABLED admin-a DISABLED TEST", "LOGIN_FAILED admin-a FAILED DISABLED");
    }

    @Test
    void refusesBadPeopleAndDuplicates() {
        admin.add("dm-a", "Org A", Set.of(Role.DECISION_MAKER), List.of("MASH designated lead"), false, "TEST");
        assertThat(admin.list()).singleElement().satisfies(u ->
                assertThat(u.roleTitles()).containsExactly("MASH designated lead"));
        assertThatThrownBy(() -> admin.add("dm-a", "Org A", Set.of(Role.OPERATOR), List.of(), false, "TEST"))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> admin.add("X", "Org A", Set.of(Role.OPERATOR), List.of(), false, "TEST"))
                .hasMessageContaining("person id");
        assertThatThrownBy(() -> admin.add("op-b", "Org B", Set.of(), List.of(), false, "TEST"))
                .hasMessageContaining("roles");
        assertThatThrownBy(() -> admin.add("op-b", "Org B", Set.of(Role.OPERATOR), List.of("Lead"), false, "TEST"))
                .hasMessageContaining("DECISION_MAKER");
        assertThatThrownBy(() -> admin.disable("no-one", "TEST")).hasMessageContaining("no person");
    }

    @Test
    void aSealedSecretMovedToAnotherPersonDoesNotOpen() {
        var a = admin.add("person-a", "Org A", Set.of(Role.IG_LEAD), List.of(), false, "TEST");
        var b = admin.add("person-b", "Org B", Set.of(Role.IG_LEAD), List.of(), false, "TEST");
        jdbc.update("UPDATE hub_person SET totp_secret = (SELECT totp_secret FROM hub_person WHERE id = 'person-a'),"
                + " password_hash = (SELECT password_hash FROM hub_person WHERE id = 'person-a') WHERE id = 'person-b'");
        assertThat(logins.login("person-b", a.password(), code(a))).isEmpty();
        assertThat(b.id()).isEqualTo("person-b");
    }

    private String code(PersonAdministration.Issued issued) {
        return Totp.code(Base32.decode(issued.totpSecret()), Totp.step(clock.instant()));
    }

    private List<String> ledger() {
        return jdbc.queryForList("SELECT CONCAT(event_type, ' ', actor, ' ', outcome, ' ', reason_code) FROM ledger_event"
                + " ORDER BY id", String.class);
    }

    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
