package org.junction.security.people;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PasswordsTest {

    private final Passwords passwords = new Passwords(new SecureRandom());

    @Test
    void storesAnArgon2HashWithItsOwnSaltAndVerifiesOnlyThePassword() {
        String password = passwords.generate();
        String hash = passwords.hash(password);
        assertThat(hash).startsWith("$argon2id$").doesNotContain(password);
        assertThat(passwords.hash(password)).as("salted: the same password hashes differently").isNotEqualTo(hash);
        assertThat(passwords.matches(password, hash)).isTrue();
        assertThat(passwords.matches(password + "x", hash)).isFalse();
        assertThat(passwords.matches(null, hash)).isFalse();
        assertThat(passwords.matchesNothing(password)).isFalse();
    }

    @Test
    void generatesLongUnambiguousPasswordsThatDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            String password = passwords.generate();
            assertThat(password).hasSize(Passwords.GENERATED_LENGTH).doesNotContainPattern("[0O1lI]");
            seen.add(password);
        }
        assertThat(seen).hasSize(200);
    }
}
