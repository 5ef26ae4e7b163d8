package org.junction.mappings.highdemand;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junction.mappings.highdemand.CsvRecords.CsvRecord;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

    @Test
    void splitsOnCommasAndAnyLineEnding() throws Exception {
        List<CsvRecord> records = CsvRecords.parse("a,b\r\nc,d\ne,f\rg,h");

        assertThat(records).extracting(CsvRecord::fields)
                .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e", "f"), List.of("g", "h"));
    }

    @Test
    void keepsCommasLineBreaksAndDoubledQuotesInsideQuotedFields() throws Exception {
        List<CsvRecord> records = CsvRecords.parse("\"1, High St\",\"line one\r\nline two\",\"say \"\"hi\"\"\"\n");

        assertThat(records).hasSize(1);
        assertThat(records.get(0).fields()).containsExactly("1, High St", "line one\r\nline two", "say \"hi\"");
        assertThat(records.get(0).problem()).isNull();
    }

    @Test
    void readsEmptyFieldsIncludingATrailingOne() throws Exception {
        assertThat(CsvRecords.parse("a,,\"\",").get(0).fields()).containsExactly("a", "", "", "");
    }

    @Test
    void aFinalLineBreakStartsNoRecordButABlankLineIsOneBlankRecord() throws Exception {
        List<CsvRecord> records = CsvRecords.parse("a\n\nb\n");

        assertThat(records).hasSize(3);
        assertThat(records.get(1).isBlank()).isTrue();
        assertThat(CsvRecords.parse("")).isEmpty();
    }

    @Test
    void flagsAStrayQuoteAndCarriesOnWithTheNextRecord() throws Exception {
        List<CsvRecord> records = CsvRecords.parse("ab\"c,d\n\"x\"y,z\nok,fine\n");

        assertThat(records.get(0).problem()).isEqualTo("has a quote inside an unquoted field");
        assertThat(records.get(1).problem()).isEqualTo("has text after the closing quote of a field");
        assertThat(records.get(2).problem()).isNull();
        assertThat(records.get(2).fields()).containsExactly("ok", "fine");
    }

    @Test
    void aQuoteThatNeverClosesFailsTheWholeReadNamingItsRecord() {
        assertThatThrownBy(() -> CsvRecords.parse("h1,h2\na,b\n\"open,c\nd,e\n"))
                .isInstanceOfSatisfying(CsvRecords.UnterminatedQuoteException.class,
                        e -> assertThat(e.recordIndex()).isEqualTo(2));
    }

    @Test
    void moreRecordsThanTheLimitStopTheRead() {
        var limits = new CsvRecords.Limits(3, 10, 100);

        assertThatThrownBy(() -> CsvRecords.parse("h\n1\n2\n3\n", limits))
                .isInstanceOf(CsvRecords.LimitExceededException.class)
                .hasMessage("has more than 3 records");
    }

    @Test
    void recordsUpToTheLimitAreRead() throws Exception {
        assertThat(CsvRecords.parse("h\n1\n2\n", new CsvRecords.Limits(3, 10, 100))).hasSize(3);
    }

    @Test
    void moreFieldsThanTheLimitInOneRecordStopTheRead() {
        var limits = new CsvRecords.Limits(10, 3, 100);

        assertThatThrownBy(() -> CsvRecords.parse("a,b,c\nd,e,f,g\n", limits))
                .isInstanceOf(CsvRecords.LimitExceededException.class)
                .hasMessage("record 2 has more than 3 fields");
    }

    @Test
    void aFieldLongerThanTheLimitStopsTheReadQuotedOrNot() {
        var limits = new CsvRecords.Limits(10, 10, 5);

        assertThatThrownBy(() -> CsvRecords.parse("abcdef\n", limits))
                .isInstanceOf(CsvRecords.LimitExceededException.class)
                .hasMessage("record 1 has a field longer than 5 characters");
        assertThatThrownBy(() -> CsvRecords.parse("ok\n\"abc\"\"def\"\n", limits))
                .isInstanceOf(CsvRecords.LimitExceededException.class)
                .hasMessage("record 2 has a field longer than 5 characters");
        // An unterminated quote cannot swallow the rest of a huge file either.
        assertThatThrownBy(() -> CsvRecords.parse("\"" + "x".repeat(1_000), limits))
                .isInstanceOf(CsvRecords.LimitExceededException.class);
    }

    @Test
    void theDefaultLimitsAreThoseOfAParseWithoutLimits() throws Exception {
        String wide = String.join(",", java.util.Collections.nCopies(CsvRecords.Limits.DEFAULT.maxFieldsPerRecord() + 1, "x"));

        assertThatThrownBy(() -> CsvRecords.parse(wide)).isInstanceOf(CsvRecords.LimitExceededException.class);
    }
}
