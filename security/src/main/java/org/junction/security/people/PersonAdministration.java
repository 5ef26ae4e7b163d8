package org.junction.security.people;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.EnvelopeCipher;
import org.junction.security.identity.Role;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creating, disabling and resetting the hub's own people. Credentials are generated here, handed
 * out once, and stored only hashed (password) or sealed (TOTP secret). Every change is recorded in
 * the audit ledger with the person's id and how it was made, in the same transaction.
 */
public class PersonAdministration {

    public static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9.-]{1,62}");
    public static final int MAX_TITLE = 200;
    public static final String ISSUER = "Junction";

    private final PersonStore store;
    private final Passwords passwords;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final SecureRandom random;

    public PersonAdministration(PersonStore store, Passwords passwords, EnvelopeCipher cipher, LedgerWriter ledger,
                                TransactionTemplate tx, Clock clock, SecureRandom random) {
        this.store = Objects.requireNonNull(store);
        this.passwords = Objects.requireNonNull(passwords);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.tx = Objects.requireNonNull(tx);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
    }

    /**
     * What a person is given to log in with, shown once.
     *
     * @param totpSecret base32, for typing into an authenticator app
     * @param otpauthUri the same secret as an authenticator app's URI (for a QR code)
     */
    public record Issued(String id, String password, String totpSecret, String otpauthUri) {

        @Override
        public String toString() {
            return "Issued[" + id + "]";
        }
    }

    /** A mistake in what was asked (bad id, no role, already exists...): nothing was changed. */
    public static final class PersonException extends RuntimeException {
        public PersonException(String message) {
            super(message);
        }
    }

    /** @param how who or what made the change, for the ledger ({@code CLI}, {@code DEMO}) */
    public Issued add(String id, String organisation, Set<Role> roles, Collection<String> roleTitles, boolean hubWide,
                      String how) {
        return seed(id, organisation, roles, roleTitles, hubWide, passwords.generate(), Totp.newSecret(random), how);
    }

    /**
     * Creates a person with the given credentials. Only the demo profile does this directly, with
     * credentials it publishes; everything else goes through {@link #add}, which generates them.
     */
    public Issued seed(String id, String organisation, Set<Role> roles, Collection<String> roleTitles,
                       boolean hubWide, String password, byte[] totpSecret, String how) {
        requireValid(id, organisation, roles, roleTitles);
        if (store.exists(id)) {
            throw new PersonException("a person with id '" + id + "' already exists");
        }
        String hash = passwords.hash(password);
        byte[] sealed = cipher.seal(totpSecret, associatedData(id));
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            store.create(id, organisation.strip(), roles, roleTitles.stream().map(String::strip).toList(), hubWide,
                    hash, sealed, now);
            ledger.record(event(LedgerEventType.PERSON_CREATED, id, "CREATED", how, now));
        });
        return new Issued(id, password, Base32.encode(totpSecret), Totp.otpauthUri(ISSUER, id, totpSecret));
    }

    /** Refuses every later login; sessions already open end at their next request (see the hub's session check). */
    public void disable(String id, String how) {
        Instant now = clock.instant();
        boolean done = Boolean.TRUE.equals(tx.execute(status -> {
            if (!store.disable(id, now)) {
                return false;
            }
            ledger.record(event(LedgerEventType.PERSON_DISABLED, id, "DISABLED", how, now));
            return true;
        }));
        if (!done) {
            throw new PersonException("no person with id '" + id + "'");
        }
    }

    /** A new password and a new TOTP secret; the old ones stop working at once. */
    public Issued reset(String id, String how) {
        String password = passwords.generate();
        byte[] secret = Totp.newSecret(random);
        String hash = passwords.hash(password);
        byte[] sealed = cipher.seal(secret, associatedData(id));
        Instant now = clock.instant();
        boolean done = Boolean.TRUE.equals(tx.execute(status -> {
            if (!store.reset(id, hash, sealed, now)) {
                return false;
            }
            ledger.record(event(LedgerEventType.PERSON_RESET, id, "RESET", how, now));
            return true;
        }));
        if (!done) {
            throw new PersonException("no person with id '" + id + "'");
        }
        return new Issued(id, password, Base32.encode(secret), Totp.otpauthUri(ISSUER, id, secret));
    }

    public List<LocalUser> list() {
        return store.list();
    }

    /** Binds a sealed TOTP secret to its person: a secret copied onto another row does not open. */
    public static byte[] associatedData(String personId) {
        return ("person-totp|" + personId).getBytes(StandardCharsets.UTF_8);
    }

    static LedgerEvent event(LedgerEventType type, String personId, String outcome, String reason, Instant at) {
        return new LedgerEvent(UUID.randomUUID(), null, type, at, personId, null, null, null, null, outcome,
                reason, 1, List.of());
    }

    private static void requireValid(String id, String organisation, Set<Role> roles, Collection<String> titles) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new PersonException("person id: 2 to 63 lower-case letters, digits, dots and hyphens");
        }
        if (organisation == null || organisation.isBlank() || organisation.length() > 200) {
            throw new PersonException("organisation: required, at most 200 characters");
        }
        if (roles == null || roles.isEmpty()) {
            throw new PersonException("roles: at least one of " + List.of(Role.values()));
        }
        for (String title : titles) {
            if (title == null || title.isBlank() || title.length() > MAX_TITLE) {
                throw new PersonException("role title: not blank, at most " + MAX_TITLE + " characters");
            }
        }
        if (!titles.isEmpty() && !roles.contains(Role.DECISION_MAKER)) {
            throw new PersonException("role titles are held by decision-makers: add the DECISION_MAKER role");
        }
    }
}
