package org.junction.mappings.csv;

/**
 * Cells of the CSV files the hub writes (partner renderings, rejection notices, ledger exports,
 * subject access reports, records of processing). A spreadsheet runs a cell that starts with
 * {@code = + - @}, a tab or a carriage return as a formula, and every value here may have come
 * from a partner or from configuration, so such a cell gets a leading apostrophe (CSV injection).
 */
public final class CsvCells {

    private static final String FORMULA_STARTS = "=+-@\t\r";

    private CsvCells() {
    }

    /** Defused, and quoted only when it holds a separator, a quote or a line break (RFC 4180). */
    public static String cell(String value) {
        String text = defused(value);
        if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            return quoted(text);
        }
        return text;
    }

    /** Defused and always quoted, for files whose every field is quoted. */
    public static String alwaysQuoted(String value) {
        return quoted(defused(value));
    }

    /** {@code null} as empty; a leading formula character behind an apostrophe. */
    public static String defused(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        return FORMULA_STARTS.indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
    }

    private static String quoted(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
