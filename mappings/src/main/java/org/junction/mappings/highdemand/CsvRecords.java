package org.junction.mappings.highdemand;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: fields separated by commas, records by CRLF (LF and a lone CR are
 * accepted too, as spreadsheets on every platform write them), fields optionally quoted, a quote
 * inside a quoted field doubled, and commas and line breaks inside quoted fields kept as text.
 *
 * <p>It is strict about quotes, because a stray quote usually means the exporting system did not
 * escape a field and the record's columns are shifted: such a record is returned with a problem
 * instead of being guessed at, and reading carries on with the next record. A quoted field that
 * never closes swallows the rest of the file, so that one fails the whole read.
 */
final class CsvRecords {

    /**
     * One record.
     *
     * @param fields  the field values, unquoted
     * @param problem what is wrong with its quoting, or null
     */
    record CsvRecord(List<String> fields, String problem) {
        CsvRecord {
            fields = List.copyOf(fields);
        }

        /** A line with nothing on it, which RFC 4180 would read as one empty field. */
        boolean isBlank() {
            return fields.size() == 1 && fields.get(0).isEmpty() && problem == null;
        }
    }

    /** Thrown when a quoted field is still open at the end of the text. */
    static final class UnterminatedQuoteException extends Exception {
        private final int recordIndex;

        UnterminatedQuoteException(int recordIndex) {
            super("a quoted field opened in record " + recordIndex + " is never closed", null, false, false);
            this.recordIndex = recordIndex;
        }

        /** 0-based index of the record, header included, in which the open quote began. */
        int recordIndex() {
            return recordIndex;
        }
    }

    private static final char QUOTE = '"';
    private static final char COMMA = ',';
    private static final char CR = '\r';
    private static final char LF = '\n';

    private CsvRecords() {
    }

    /** Every record of {@code text}, blank lines included; a final line break does not start a record. */
    static List<CsvRecord> parse(String text) throws UnterminatedQuoteException {
        List<CsvRecord> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String problem = null;
        int i = 0;
        int n = text.length();
        while (i < n) {
            // At the start of a field.
            if (text.charAt(i) == QUOTE) {
                int opened = records.size();
                i++;
                boolean closed = false;
                while (i < n) {
                    char c = text.charAt(i);
                    if (c == QUOTE) {
                        if (i + 1 < n && text.charAt(i + 1) == QUOTE) {
                            field.append(QUOTE);
                            i += 2;
                        } else {
                            i++;
                            closed = true;
                            break;
                        }
                    } else {
                        field.append(c);
                        i++;
                    }
                }
                if (!closed) {
                    throw new UnterminatedQuoteException(opened);
                }
                // Anything between the closing quote and the next separator is outside the rules.
                while (i < n && !isSeparator(text.charAt(i))) {
                    if (problem == null) {
                        problem = "has text after the closing quote of a field";
                    }
                    field.append(text.charAt(i));
                    i++;
                }
            } else {
                while (i < n && !isSeparator(text.charAt(i))) {
                    char c = text.charAt(i);
                    if (c == QUOTE && problem == null) {
                        problem = "has a quote inside an unquoted field";
                    }
                    field.append(c);
                    i++;
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i == n) {
                break;
            }
            char separator = text.charAt(i);
            i++;
            if (separator == COMMA) {
                if (i == n) {
                    // "a,b," ends with an empty last field.
                    fields.add("");
                }
                continue;
            }
            if (separator == CR && i < n && text.charAt(i) == LF) {
                i++;
            }
            records.add(new CsvRecord(fields, problem));
            fields = new ArrayList<>();
            problem = null;
        }
        if (!fields.isEmpty()) {
            records.add(new CsvRecord(fields, problem));
        }
        return records;
    }

    private static boolean isSeparator(char c) {
        return c == COMMA || c == CR || c == LF;
    }
}
