package org.junction.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junction.mappings.testing.Fixtures;
import org.junit.jupiter.api.Test;

/**
 * Test data may only carry NHS numbers from the 999 range, which NHS England reserves for testing
 * and never issues to a patient: a real number in a fixture would be a real person's identifier.
 * The scan is deliberately blunt (any ten-digit run, valid check digit or not), because a number
 * that fails Modulus 11 today may be one typo away from someone's real one.
 */
class FixtureNhsNumbersTest {

    // Ten digits in a row, or split 3-3-4 by single spaces or hyphens, standing as a token of its
    // own: digits inside a longer word (the hex of a UUID, a hash) or a longer number are not one.
    private static final Pattern NHS_NUMBER_SHAPE =
            Pattern.compile("(?<![0-9A-Za-z])(?:[0-9]{10}|[0-9]{3}([ -])[0-9]{3}\\1[0-9]{4})(?![0-9A-Za-z])");

    private static final String TEST_RANGE_PREFIX = "999";

    @Test
    void everyFixtureFileUsesOnlyTestRangeNhsNumbers() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(Fixtures.ROOT)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        assertThat(files).as("fixture files under " + Fixtures.ROOT).isNotEmpty();

        List<String> offences = new ArrayList<>();
        for (Path file : files) {
            // Latin-1 maps every byte to one char, so a file that is not valid UTF-8 is still scanned.
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            for (String found : outsideTestRange(text)) {
                // The offending number is named in full: it is in a file in the repository already.
                offences.add(Fixtures.ROOT.relativize(file) + ": " + found);
            }
        }
        assertThat(offences).as("NHS-number-like values outside the 999 test range").isEmpty();
    }

    @Test
    void scannerFindsANumberOutsideTheTestRangeInBothForms() {
        // 1234567890 fails Modulus 11 (check digit 10), so it can never be anyone's real number.
        String planted = "{\"nhsNumber\": \"1234567890\", \"display\": \"123 456 7890\", \"alt\": \"123-456-7890\"}";

        assertThat(outsideTestRange(planted)).containsExactly("1234567890", "123 456 7890", "123-456-7890");
    }

    @Test
    void scannerAcceptsTestRangeNumbersAndIgnoresOtherDigitRuns() {
        String clean = "9990000018 999 000 0026 999-000-0034 tel 01305 123456 count 123456789 id 12345678901"
                + " urn:uuid:d9af07e0-3b2d-31ec-b9da-1c4531061469";

        assertThat(outsideTestRange(clean)).isEmpty();
    }

    static List<String> outsideTestRange(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = NHS_NUMBER_SHAPE.matcher(text);
        while (m.find()) {
            if (!m.group().startsWith(TEST_RANGE_PREFIX)) {
                found.add(m.group());
            }
        }
        return found;
    }
}
