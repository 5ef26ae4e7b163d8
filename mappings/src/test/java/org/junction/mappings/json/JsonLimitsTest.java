package org.junction.mappings.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.junction.mappings.MappingContext;
import org.junction.mappings.police.PoliceReferralJsonMapper;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.problem.Violation;
import org.junit.jupiter.api.Test;

class JsonLimitsTest {

    private static final Violation EXCEEDED = Violation.malformed(ObjectFields.DOCUMENT, JsonLimits.EXCEEDED);
    private static final MappingContext CTX = new MappingContext(UUID.randomUUID(), "test-police", "req-1", "cor-1",
            Instant.parse("2026-11-20T10:00:00Z"));

    static byte[] nested(int depth) {
        return ("[".repeat(depth) + "]".repeat(depth)).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefusedWithoutOverflowingTheStack() {
        assertThatThrownBy(() -> StrictJson.parse("test-format", nested(100_000)))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations()).containsExactly(EXCEEDED));
        assertThatThrownBy(() -> JsonLimits.check("test-format", nested(JsonLimits.MAX_NESTING_DEPTH + 1)))
                .isInstanceOf(MappingException.class);
    }

    @Test
    void nestingUpToTheLimitIsRead() {
        assertThat(StrictJson.parse("test-format", nested(JsonLimits.MAX_NESTING_DEPTH)).isArray()).isTrue();
        assertThatNoException().isThrownBy(() -> JsonLimits.check("test-format", nested(JsonLimits.MAX_NESTING_DEPTH)));
    }

    @Test
    void aStringLongerThanTheLimitIsRefused() {
        byte[] longString = ("{\"note\":\"" + "x".repeat(JsonLimits.MAX_STRING_LENGTH + 1) + "\"}")
                .getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> StrictJson.parse("test-format", longString))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations()).containsExactly(EXCEEDED));
        assertThatThrownBy(() -> JsonLimits.check("test-format", longString)).isInstanceOf(MappingException.class);
    }

    @Test
    void aNumberLongerThanTheLimitIsRefused() {
        byte[] hugeInteger = ("{\"score\":" + "9".repeat(5_000) + "}").getBytes(StandardCharsets.US_ASCII);
        byte[] hugeDecimal = ("{\"score\":0." + "1".repeat(5_000) + "e99999}").getBytes(StandardCharsets.US_ASCII);

        for (byte[] input : new byte[][] {hugeInteger, hugeDecimal}) {
            assertThatThrownBy(() -> StrictJson.parse("test-format", input))
                    .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations()).containsExactly(EXCEEDED));
            assertThatThrownBy(() -> JsonLimits.check("test-format", input)).isInstanceOf(MappingException.class);
        }
    }

    @Test
    void aShortNumberWithAHugeExponentIsRefusedAsOutOfRange() {
        Violation outOfRange = Violation.malformed(ObjectFields.DOCUMENT, JsonLimits.OUT_OF_RANGE);
        byte[] input = "{\"a\":[{\"score\":-1e999999999}]}".getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> StrictJson.parse("test-format", input))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations()).containsExactly(outOfRange));
        assertThatThrownBy(() -> JsonLimits.check("test-format", input))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations()).containsExactly(outOfRange));
        assertThatThrownBy(() -> new PoliceReferralJsonMapper().map(
                "{\"sourceRef\":\"PVP/1\",\"riskScore\":1e999999999}".getBytes(StandardCharsets.US_ASCII), CTX))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations()).containsExactly(outOfRange));
    }

    @Test
    void aTinyExponentUnderflowsHarmlessly() {
        assertThat(StrictJson.parse("test-format", "{\"score\":1e-999999999}".getBytes(StandardCharsets.US_ASCII))
                .get("score").doubleValue()).isZero();
    }

    @Test
    void checkLeavesSyntaxErrorsToTheParserThatFollows() {
        assertThatNoException().isThrownBy(() -> JsonLimits.check("test-format", "{\"a\": ".getBytes(StandardCharsets.US_ASCII)));
        assertThatNoException().isThrownBy(() -> JsonLimits.check("test-format", new byte[] {'"', (byte) 0xC3, '"'}));
    }

    @Test
    void thePoliceJsonMapperHasItsOwnParserUnderTheSameLimits() {
        assertThatThrownBy(() -> new PoliceReferralJsonMapper().map(nested(100_000), CTX))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.violations()).containsExactly(EXCEEDED));
    }

    @Test
    void theReasonNamesTheLimitsNeverTheInput() {
        byte[] input = ("{\"note\":\"" + "Oakhollow".repeat(500_000) + "\"}").getBytes(StandardCharsets.US_ASCII);

        assertThatThrownBy(() -> StrictJson.parse("test-format", input))
                .isInstanceOfSatisfying(MappingException.class, e -> assertThat(e.toString()).doesNotContain("Oakhollow"));
    }
}
