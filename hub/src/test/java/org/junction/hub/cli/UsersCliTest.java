package org.junction.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.keys.KeyStoreFiles;
import org.junction.security.people.Base32;
import org.junction.security.people.Passwords;
import org.junction.security.people.PersonLogins;
import org.junction.security.people.PersonStore;
import org.junction.security.people.Totp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.transaction.support.TransactionTemplate;

/** {@code junction users} as an operator runs it: the hub's settings, database and keystore, no server. */
class UsersCliTest {

    private static final Pattern PASSWORD = Pattern.compile("password\\s+(\\S+)");
    private static final Pattern SECRET = Pattern.compile("TOTP secret\\s+([A-Z2-7]+)");

    @TempDir
    Path dir;

    @Test
    void addListResetAndDisableAPersonWhoseCredentialsArePrintedOnceAndWork() {
        Path keystore = dir.resolve("keys/junction-keys.p12");
        KeyStoreFiles.generate(keystore, "cli-keystore-secret".toCharArray(), "k1", "p1");
        String url = "jdbc:h2:file:" + dir.resolve("db/junction") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;MAX_COMPACT_TIME=0";
        String[] settings = {"--hub.data-dir=" + dir, "--hub.keys.keystore=" + keystore,
                "--hub.keys.password=cli-keystore-secret", "--spring.datasource.url=" + url};

        var added = PkiTest.cli(concat(settings, "users", "add", "mash-lead-a", "--organisation", "Testshire Council",
                "--roles", "decision_maker,IG_LEAD", "--role-title", "MASH designated lead, children",
                "--role-title", "Duty manager"));
        var again = PkiTest.cli(concat(settings, "users", "add", "mash-lead-a", "--organisation", "Elsewhere",
                "--roles", "OPERATOR"));
        var admin = PkiTest.cli(concat(settings, "users", "add", "hub-admin-a", "--organisation", "Hub team",
                "--roles", "HUB_ADMIN", "--hub-wide"));
        var listed = PkiTest.cli(concat(settings, "users", "list"));

        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).contains("otpauth://totp/Junction:mash-lead-a?secret=").contains("shown only now");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.err()).contains("already exists");
        assertThat(admin.status()).as(admin.err()).isZero();
        assertThat(listed.out()).containsPattern("hub-admin-a\\s+enabled\\s+hub-wide\\s+HUB_ADMIN")
                .containsPattern("mash-lead-a\\s+enabled\\s+own-org\\s+DECISION_MAKER,IG_LEAD\\s+Testshire Council\\s+"
                        + "Duty manager; MASH designated lead, children")
                .contains("2 person(s)")
                .doesNotContain(find(PASSWORD, added.out())).doesNotContain(find(SECRET, added.out()));

        var db = new DriverManagerDataSource(url, "junction", "");
        var jdbc = new JdbcTemplate(db);
        var ring = KeyStoreFiles.load(keystore, "cli-keystore-secret".toCharArray(), "k1", "p1");
        var logins = new PersonLogins(new PersonStore(jdbc), new Passwords(new SecureRandom()), new EnvelopeCipher(ring),
                new LedgerWriter(jdbc), new TransactionTemplate(new DataSourceTransactionManager(db)),
                Clock.systemUTC(), 5, Duration.ofMinutes(5));
        assertThat(logins.login("mash-lead-a", find(PASSWORD, added.out()), code(added.out()))).isPresent();

        var reset = PkiTest.cli(concat(settings, "users", "reset", "mash-lead-a"));
        assertThat(reset.status()).as(reset.err()).isZero();
        assertThat(find(PASSWORD, reset.out())).isNotEqualTo(find(PASSWORD, added.out()));
        var disabled = PkiTest.cli(concat(settings, "users", "disable", "mash-lead-a"));
        assertThat(disabled.status()).as(disabled.err()).isZero();
        assertThat(PkiTest.cli(concat(settings, "users", "list")).out())
                .containsPattern("mash-lead-a\\s+DISABLED");
        assertThat(jdbc.queryForList("SELECT event_type FROM ledger_event ORDER BY id", String.class))
                .containsExactly("PERSON_CREATED", "PERSON_CREATED", "LOGIN_SUCCEEDED", "PERSON_RESET",
                        "PERSON_DISABLED");

        assertThat(PkiTest.cli(concat(settings, "users", "disable", "no-such-person")).status()).isEqualTo(1);
        assertThat(PkiTest.cli("users", "add", "x-person", "--roles", "OPERATOR").status())
                .as("no organisation").isEqualTo(2);
        var badRole = PkiTest.cli("users", "add", "x-person", "--organisation", "Org", "--roles", "ROOT");
        assertThat(badRole.status()).isEqualTo(2);
        assertThat(badRole.err()).contains("unknown role ROOT").contains("usage: junction users");
    }

    private static String code(String printed) {
        return Totp.code(Base32.decode(find(SECRET, printed)), Totp.step(Instant.now()));
    }

    private static String find(Pattern pattern, String text) {
        Matcher m = pattern.matcher(text);
        assertThat(m.find()).as(pattern + " in output").isTrue();
        return m.group(1);
    }

    private static String[] concat(String[] settings, String... command) {
        String[] all = new String[command.length + settings.length];
        System.arraycopy(command, 0, all, 0, command.length);
        System.arraycopy(settings, 0, all, command.length, settings.length);
        return all;
    }
}
