package org.junction.security.people;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.crypto.CryptoException;
import org.junction.security.crypto.EnvelopeCipher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Checks a login with password and TOTP code. Both factors are always checked, and every failure
 * looks the same to the caller (an empty answer); only the audit ledger says why (wrong factor,
 * replayed code, locked, disabled, unknown). After {@code maxFailedAttempts} failures in a row the
 * person is locked out for {@code lockout}; a success clears the count.
 */
public class PersonLogins {

    /** Actor recorded for a login attempt naming nobody the hub knows: the name itself is not kept. */
    public static final String UNKNOWN_ACTOR = "unknown-person";

    private final PersonStore store;
    private final Passwords passwords;
    private final EnvelopeCipher cipher;
    private final LedgerWriter ledger;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int maxFailedAttempts;
    private final Duration lockout;

    public PersonLogins(PersonStore store, Passwords passwords, EnvelopeCipher cipher, LedgerWriter ledger,
                        TransactionTemplate tx, Clock clock, int maxFailedAttempts, Duration lockout) {
        this.store = Objects.requireNonNull(store);
        this.passwords = Objects.requireNonNull(passwords);
        this.cipher = Objects.requireNonNull(cipher);
        this.ledger = Objects.requireNonNull(ledger);
        this.tx = Objects.requireNonNull(tx);
        this.clock = Objects.requireNonNull(clock);
        if (maxFailedAttempts < 1) {
            throw new IllegalArgumentException("maxFailedAttempts must be at least 1");
        }
        this.maxFailedAttempts = maxFailedAttempts;
        this.lockout = Objects.requireNonNull(lockout);
    }

    /** The person, when the login is good; empty for every kind of failure. */
    public Optional<LocalUser> login(String username, String password, String code) {
        Instant now = clock.instant();
        Optional<LocalUser> found = username == null || !PersonAdministration.ID.matcher(username).matches()
                ? Optional.empty() : store.find(username);
        Optional<PersonStore.Credentials> credentials = found.flatMap(u -> store.credentials(u.id()));
        if (found.isEmpty() || credentials.isEmpty()) {
            passwords.matchesNothing(password);
            record(LedgerEventType.LOGIN_FAILED, UNKNOWN_ACTOR, "UNKNOWN_PERSON", now);
            return Optional.empty();
        }
        LocalUser user = found.get();
        boolean passwordOk = passwords.matches(password, credentials.get().passwordHash());
        OptionalLong step = matchingStep(user.id(), credentials.get().sealedTotpSecret(), code, now);
        if (!user.enabled()) {
            record(LedgerEventType.LOGIN_FAILED, user.id(), "DISABLED", now);
            return Optional.empty();
        }
        if (user.lockedUntil() != null && user.lockedUntil().isAfter(now)) {
            record(LedgerEventType.LOGIN_FAILED, user.id(), "LOCKED", now);
            return Optional.empty();
        }
        if (!passwordOk || step.isEmpty()) {
            fail(user.id(), !passwordOk && step.isEmpty() ? "BAD_PASSWORD_AND_CODE"
                    : !passwordOk ? "BAD_PASSWORD" : "BAD_CODE", now);
            return Optional.empty();
        }
        boolean accepted = Boolean.TRUE.equals(tx.execute(status -> {
            if (!store.acceptStep(user.id(), step.getAsLong(), now)) {
                return false;
            }
            ledger.record(PersonAdministration.event(LedgerEventType.LOGIN_SUCCEEDED, user.id(), "SUCCEEDED",
                    "PASSWORD_TOTP", now));
            return true;
        }));
        if (!accepted) {
            fail(user.id(), "REPLAYED_CODE", now);
            return Optional.empty();
        }
        return store.find(user.id());
    }

    private OptionalLong matchingStep(String id, byte[] sealed, String code, Instant now) {
        byte[] secret;
        try {
            secret = cipher.open(sealed, PersonAdministration.associatedData(id));
        } catch (CryptoException e) {
            // A row whose secret does not open (moved, tampered, key retired) cannot log in.
            return OptionalLong.empty();
        }
        try {
            return Totp.matchingStep(secret, code, now);
        } finally {
            java.util.Arrays.fill(secret, (byte) 0);
        }
    }

    private void fail(String id, String reason, Instant now) {
        tx.executeWithoutResult(status -> {
            boolean locked = store.recordFailure(id, maxFailedAttempts, now.plus(lockout), now);
            record(LedgerEventType.LOGIN_FAILED, id, locked ? reason + "_LOCKED_OUT" : reason, now);
        });
    }

    private void record(LedgerEventType type, String actor, String reason, Instant now) {
        ledger.record(PersonAdministration.event(type, actor, "FAILED", reason, now));
    }
}
