package org.junction.mappings.csv;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CsvCellsTest {

    @ParameterizedTest
    @ValueSource(strings = {"=1+1", "+44 7700 900123", "-3", "@SUM(A1)", "\tx", "\rx"})
    void aCellASpreadsheetWouldRunIsDefused(String value) {
        assertThat(CsvCells.defused(value)).isEqualTo("'" + value);
        assertThat(CsvCells.cell(value)).contains("'" + value.charAt(0));
    }

    @Test
    void quotesOnlyWhatNeedsIt() {
        assertThat(CsvCells.cell("mash-1")).isEqualTo("mash-1");
        assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.cell("say \"no\"")).isEqualTo("\"say \"\"no\"\"\"");
        assertThat(CsvCells.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(CsvCells.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
    }

    @Test
    void alwaysQuotedQuotesEveryField() {
        assertThat(CsvCells.alwaysQuoted("mash-1")).isEqualTo("\"mash-1\"");
        assertThat(CsvCells.alwaysQuoted("-1")).isEqualTo("\"'-1\"");
        assertThat(CsvCells.alwaysQuoted(null)).isEqualTo("\"\"");
    }

    @Test
    void nothingIsEmpty() {
        assertThat(CsvCells.cell(null)).isEmpty();
        assertThat(CsvCells.cell("")).isEmpty();
    }
}
