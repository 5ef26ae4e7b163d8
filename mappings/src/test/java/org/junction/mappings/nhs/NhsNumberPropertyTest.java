package org.junction.mappings.nhs;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class NhsNumberPropertyTest {

    // Written out again here rather than reusing NhsNumber, so a wrong algorithm cannot agree with itself.
    private static int checkDigit(String nineDigits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - sum % 11;
        return check == 11 ? 0 : check;
    }

    @Provide
    Arbitrary<String> prefixes() {
        return Arbitraries.strings().numeric().ofLength(9);
    }

    @Provide
    Arbitrary<String> validNumbers() {
        return prefixes().filter(p -> checkDigit(p) != 10).map(p -> p + checkDigit(p));
    }

    @Property(seed = "20261120")
    void aPrefixWithItsComputedCheckDigitIsValidUnlessTheCheckIsTen(@ForAll("prefixes") String prefix) {
        int check = checkDigit(prefix);
        if (check == 10) {
            for (int last = 0; last <= 9; last++) {
                assertThat(NhsNumber.isValid(prefix + last)).isFalse();
            }
        } else {
            assertThat(NhsNumber.isValid(prefix + check)).isTrue();
        }
    }

    @Property(seed = "20261120")
    void changingAnySingleDigitOfAValidNumberMakesItInvalid(@ForAll("validNumbers") String number,
                                                            @ForAll @IntRange(min = 0, max = 9) int position,
                                                            @ForAll @IntRange(min = 1, max = 9) int shift) {
        char original = number.charAt(position);
        char changed = (char) ('0' + (original - '0' + shift) % 10);
        String altered = number.substring(0, position) + changed + number.substring(position + 1);
        assertThat(NhsNumber.isValid(altered)).isFalse();
    }

    @Property(seed = "20261120")
    void theSpacedDisplayFormNormalisesToTheSameNumberAndVerdict(@ForAll("validNumbers") String number) {
        String display = number.substring(0, 3) + " " + number.substring(3, 6) + " " + number.substring(6);
        assertThat(NhsNumber.normalise(display)).isEqualTo(number);
        assertThat(NhsNumber.isValid(display)).isEqualTo(NhsNumber.isValid(number)).isTrue();
    }
}
