package org.junction.security.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import org.junction.security.keys.KeyNotFoundException;
import org.junction.security.keys.KeyRing;
import org.junction.security.keys.TestKeys;
import org.junit.jupiter.api.Test;

class PseudonymiserTest {

    private static final String NHS = "https://fhir.nhs.uk/Id/nhs-number";

    private final KeyRing ring = TestKeys.ring()
            .withPseudonymKey("p2", TestKeys.hmac(102));
    private final Pseudonymiser pseudonymiser = new Pseudonymiser(ring);

    @Test
    void sameInputGivesTheSamePseudonym() {
        assertThat(pseudonymiser.pseudonymise(NHS, "9434765919"))
                .isEqualTo(pseudonymiser.pseudonymise(NHS, "9434765919"));
        assertThat(new Pseudonymiser(ring).pseudonymise(NHS, "9434765919"))
                .isEqualTo(pseudonymiser.pseudonymise(NHS, "9434765919"));
    }

    @Test
    void valueIsHmacSha256OfLowerCasedSystemBarValueInBase64UrlWithoutPadding() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(TestKeys.hmac(101));
        String expected = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal("https://fhir.nhs.uk/id/nhs-number|9434765919".getBytes(StandardCharsets.UTF_8)));

        Pseudonym pseudonym = pseudonymiser.pseudonymise(NHS, "9434765919");

        assertThat(pseudonym.keyId()).isEqualTo("p1");
        assertThat(pseudonym.value()).isEqualTo(expected).hasSize(43).doesNotContain("=", "+", "/");
    }

    @Test
    void toStringIsKeyIdColonValueAndParsesBack() {
        Pseudonym pseudonym = pseudonymiser.pseudonymise(NHS, "9434765919");

        assertThat(pseudonym.toString()).isEqualTo("p1:" + pseudonym.value());
        assertThat(Pseudonym.parse(pseudonym.toString())).isEqualTo(pseudonym);
    }

    @Test
    void differentValuesGiveDifferentPseudonyms() {
        assertThat(pseudonymiser.pseudonymise(NHS, "9434765919"))
                .isNotEqualTo(pseudonymiser.pseudonymise(NHS, "9434765870"));
    }

    @Test
    void sameValueInDifferentSystemsGivesDifferentPseudonyms() {
        assertThat(pseudonymiser.pseudonymise(NHS, "9434765919").value())
                .isNotEqualTo(pseudonymiser.pseudonymise("police-reference", "9434765919").value());
    }

    @Test
    void sameValueUnderDifferentKeysGivesDifferentPseudonyms() {
        Pseudonym underP1 = pseudonymiser.pseudonymiseWith("p1", NHS, "9434765919");
        Pseudonym underP2 = pseudonymiser.pseudonymiseWith("p2", NHS, "9434765919");

        assertThat(underP1.keyId()).isEqualTo("p1");
        assertThat(underP2.keyId()).isEqualTo("p2");
        assertThat(underP1.value()).isNotEqualTo(underP2.value());
    }

    @Test
    void pseudonymiseUsesTheActiveKeyAndOlderKeysStayReachable() {
        Pseudonym beforeRotation = pseudonymiser.pseudonymise(NHS, "9434765919");
        Pseudonymiser rotated = new Pseudonymiser(ring.withActivePseudonymKey("p2"));

        assertThat(rotated.pseudonymise(NHS, "9434765919").keyId()).isEqualTo("p2");
        assertThat(rotated.pseudonymiseWith("p1", NHS, "9434765919")).isEqualTo(beforeRotation);
    }

    @Test
    void whitespaceInTheValueIsIgnored() {
        Pseudonym plain = pseudonymiser.pseudonymise(NHS, "9434765919");

        assertThat(pseudonymiser.pseudonymise(NHS, "943 476 5919")).isEqualTo(plain);
        assertThat(pseudonymiser.pseudonymise(NHS, " 943\t476\n5919 ")).isEqualTo(plain);
        assertThat(pseudonymiser.pseudonymise(NHS, "943\u00A0476\u00A05919")).isEqualTo(plain);
    }

    @Test
    void caseOfTheValueIsIgnored() {
        assertThat(pseudonymiser.pseudonymise("council-case", "n123"))
                .isEqualTo(pseudonymiser.pseudonymise("council-case", "N123"));
    }

    @Test
    void systemIsTrimmedAndCaseInsensitiveButInnerCharactersCount() {
        Pseudonym plain = pseudonymiser.pseudonymise("council-case", "N123");

        assertThat(pseudonymiser.pseudonymise("  Council-Case ", "N123")).isEqualTo(plain);
        assertThat(pseudonymiser.pseudonymise("council case", "N123")).isNotEqualTo(plain);
    }

    @Test
    void systemContainingTheSeparatorIsRejectedSoInputsCannotCollide() {
        assertThatThrownBy(() -> pseudonymiser.pseudonymise("a|b", "C"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(pseudonymiser.pseudonymise("a", "b|c")).isNotNull();
    }

    @Test
    void blankInputsAreRejectedWithoutEchoingTheValue() {
        assertThatThrownBy(() -> pseudonymiser.pseudonymise(" ", "9434765919"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("9434765919");
        assertThatThrownBy(() -> pseudonymiser.pseudonymise(NHS, " \t "))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownKeyIdIsReportedByIdOnly() {
        assertThatThrownBy(() -> pseudonymiser.pseudonymiseWith("p9", NHS, "9434765919"))
                .isInstanceOf(KeyNotFoundException.class)
                .hasMessage("no pseudonym key with id 'p9'");
    }

    @Test
    void parseRejectsTextThatIsNotAPseudonym() {
        assertThatThrownBy(() -> Pseudonym.parse("no-colon")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pseudonym.parse(":value")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Pseudonym.parse("p1:")).isInstanceOf(IllegalArgumentException.class);
    }
}
