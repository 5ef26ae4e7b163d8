package org.junction.security.audit.export;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CSV export's fixed columns, quoting, and neutralised formulas. */
class LedgerCsvTest {

    @Test
    void headerAndARowHaveTheFixedColumnsInOrder() {
        assertThat(LedgerCsv.header()).startsWith("seq,hash,event_id,occurred_at,event_type,actor,tracking_id,")
                .endsWith("labels,correlation_id\r\n");
        String row = LedgerCsv.row(LedgerAuditEventsTest.link("decided-consent"));
        String[] cells = row.stripTrailing().split(",", -1);
        assertThat(cells).hasSize(LedgerCsv.COLUMNS.size());
        assertThat(cells[0]).isEqualTo("42");
        assertThat(cells[4]).isEqualTo("DECIDED");
        assertThat(cells[13]).isEqualTo("p1:6kQz0sYw3NfTn2b5JxA9;p1:Vb7Rr1dLmQ4cYh8sPz2E");
        assertThat(cells[14]).isEqualTo("isa-safeguarding");
        assertThat(cells[19]).isEqualTo("8a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
    }

    @Test
    void cellsThatASpreadsheetWouldEvaluateAreNeutralisedAndSeparatorsAreQuoted() {
        assertThat(LedgerCsv.cell("=HYPERLINK(\"http://x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://x\"\")\"");
        assertThat(LedgerCsv.cell("+1")).isEqualTo("'+1");
        assertThat(LedgerCsv.cell("-2+3")).isEqualTo("'-2+3");
        assertThat(LedgerCsv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(LedgerCsv.cell("\tx")).isEqualTo("'\tx");
        assertThat(LedgerCsv.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(LedgerCsv.cell("line\nbreak")).isEqualTo("\"line\nbreak\"");
        assertThat(LedgerCsv.cell("mash-1")).isEqualTo("mash-1");
        assertThat(LedgerCsv.cell(null)).isEmpty();
    }
}
