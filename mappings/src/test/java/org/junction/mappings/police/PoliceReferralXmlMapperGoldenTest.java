package org.junction.mappings.police;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junction.mappings.problem.MappingException;
import org.junction.mappings.testing.Fixtures;
import org.junction.mappings.testing.GoldenFiles;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * One dynamic test per directory under {@code fixtures/police-referral-xml-v1}: {@code input.xml}
 * maps to {@code expected.json}, or is refused with exactly {@code expected-violations.json}.
 * Run with {@code -Dgolden.update=true} to rewrite the expected files, then review the diff.
 */
class PoliceReferralXmlMapperGoldenTest {

    private static final Pattern NHS_NUMBER = Pattern.compile("<nhsNumber>([^<]*)</nhsNumber>");

    private final PoliceReferralXmlMapper mapper = new PoliceReferralXmlMapper();

    @TestFactory
    Stream<DynamicTest> eachFixtureMapsAsRecorded() {
        return GoldenFiles.eachCase(PoliceReferralXmlMapper.ID, 8, this::check);
    }

    @Test
    void fixturesUseOnlyTestRangeNhsNumbers() throws IOException {
        try (Stream<Path> files = Files.walk(GoldenFiles.dir(PoliceReferralXmlMapper.ID))) {
            for (Path input : files.filter(p -> p.getFileName().toString().equals("input.xml")).toList()) {
                Matcher nhs = NHS_NUMBER.matcher(Files.readString(input, StandardCharsets.UTF_8));
                while (nhs.find()) {
                    assertThat(nhs.group(1).replace(" ", "")).as(input.toString()).startsWith("999");
                }
            }
        }
    }

    private void check(Path dir) throws IOException {
        byte[] input = GoldenFiles.read(dir.resolve("input.xml"));
        try {
            PoliceReferralJsonMapperGoldenTest.check(dir, mapper.map(input, Fixtures.CONTEXT), null);
        } catch (MappingException e) {
            PoliceReferralJsonMapperGoldenTest.check(dir, null, e);
        }
    }
}
