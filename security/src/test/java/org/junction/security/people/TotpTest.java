package org.junction.security.people;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class TotpTest {

    private static final byte[] SHA1_SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA256_SEED = "12345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SHA512_SEED = ("1234567890".repeat(6) + "1234").getBytes(StandardCharsets.US_ASCII);

    /** RFC 6238 appendix B: 8-digit codes for each algorithm at the listed Unix times. */
    @ParameterizedTest
    @CsvSource({
            "59, 94287082, 46119246, 90693936",
            "1111111109, 07081804, 68084774, 25091201",
            "1111111111, 14050471, 67062674, 99943326",
            "1234567890, 89005924, 91819424, 93441116",
            "2000000000, 69279037, 90698825, 38618901",
            "20000000000, 65353130, 77737706, 47863826"})
    void matchesTheRfc6238TestVectors(long unixTime, String sha1, String sha256, String sha512) {
        long step = Totp.step(Instant.ofEpochSecond(unixTime));
        assertThat(Totp.code(SHA1_SEED, step, "HmacSHA1", 8)).isEqualTo(sha1);
        assertThat(Totp.code(SHA256_SEED, step, "HmacSHA256", 8)).isEqualTo(sha256);
        assertThat(Totp.code(SHA512_SEED, step, "HmacSHA512", 8)).isEqualTo(sha512);
        // The hub's six digits are the low six of the same truncated value.
        assertThat(Totp.code(SHA1_SEED, step)).isEqualTo(sha1.substring(2));
    }

    @Test
    void acceptsTheStepsBesideTheCurrentOneAndNoneFurther() {
        Instant now = Instant.ofEpochSecond(1_111_111_111L);
        long current = Totp.step(now);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, current), now)).hasValue(current);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, current - 1), now)).hasValue(current - 1);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, current + 1), now)).hasValue(current + 1);
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, current - 2), now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_SEED, Totp.code(SHA1_SEED, current + 2), now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_SEED, "12345", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_SEED, "abcdef", now)).isEmpty();
        assertThat(Totp.matchingStep(SHA1_SEED, null, now)).isEmpty();
    }

    @Test
    void base32RoundTripsAndTheUriCarriesTheSecret() {
        byte[] secret = Totp.newSecret(new SecureRandom());
        String text = Base32.encode(secret);
        assertThat(text).hasSize(32).matches("[A-Z2-7]+");
        assertThat(Base32.decode(text.toLowerCase())).isEqualTo(secret);
        // RFC 4648 test vector.
        assertThat(Base32.encode("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThatThrownBy(() -> Base32.decode("AB1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Totp.otpauthUri("Junction", "ig-lead-a", secret)).isEqualTo("otpauth://totp/Junction:ig-lead-a?secret="
                + text + "&issuer=Junction&algorithm=SHA1&digits=6&period=30");
    }
}
