package org.junction.mappings.nhs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class NhsNumberTest {

    @ParameterizedTest
    @ValueSource(strings = {"9434765919", "9000000009", "9449306613", "9912003888", "9990000018", "9990000050"})
    void acceptsNumbersWithACorrectCheckDigit(String number) {
        assertThat(NhsNumber.isValid(number)).isTrue();
    }

    @Test
    void rejectsTheBarsSampleNumberWhoseCheckDigitIsWrong() {
        assertThat(NhsNumber.isValid("3478526985")).isFalse();
    }

    @Test
    void treatsARemainderGivingCheckTenAsInvalidWhateverTheLastDigit() {
        // 999123456 weighs to a check of 10: no tenth digit can make it valid.
        for (char last = '0'; last <= '9'; last++) {
            assertThat(NhsNumber.isValid("999123456" + last)).isFalse();
        }
    }

    @Test
    void mapsACheckOfElevenToZero() {
        // 999000005 weighs to 231, a multiple of 11, so the check is 11 and written as 0.
        assertThat(NhsNumber.isValid("9990000050")).isTrue();
        assertThat(NhsNumber.isValid("9990000051")).isFalse();
    }

    @Test
    void acceptsTheSpacedDisplayForm() {
        assertThat(NhsNumber.isValid("943 476 5919")).isTrue();
        assertThat(NhsNumber.normalise("943 476 5919")).isEqualTo("9434765919");
    }

    @Test
    void keepsLeadingZerosBecauseTheNumberStaysAString() {
        assertThat(NhsNumber.normalise("012 345 6789")).isEqualTo("0123456789");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"943476591", "94347659190", "943-476-5919", "94347659l9", "943\t476\t5919", "９４３４７６５９１９"})
    void rejectsValuesThatAreNotTenDigits(String value) {
        assertThat(NhsNumber.isWellFormed(value)).isFalse();
        assertThat(NhsNumber.isValid(value)).isFalse();
    }

    @Test
    void wellFormedSaysNothingAboutTheCheckDigit() {
        assertThat(NhsNumber.isWellFormed("3478526985")).isTrue();
    }

    @Test
    void normaliseLeavesNullAsNull() {
        assertThat(NhsNumber.normalise(null)).isNull();
    }
}
