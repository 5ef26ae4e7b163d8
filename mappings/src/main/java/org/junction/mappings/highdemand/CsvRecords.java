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

    /**
     * How much one file may hold. A feed is read whole into memory and every row becomes a
     * referral, so the bounds keep a broken or hostile export from exhausting the heap: more
     * rows than any force's list, more columns than the format has many times over, a field
     * longer than any free text the format carries.
     */
    record Limits(int maxRecords, int maxFieldsPerRecord, int maxFieldChars) {
        static final Limits DEFAULT = new Limits(100_000, 64, 8_192);

        Limits {
            if (maxRecords < 1 || maxFieldsPerRecord < 1 || maxFieldChars < 1) {
                throw new IllegalArgumentException("CSV limits must be positive");
            }
        }
    }

    /** Thrown when the text goes past one of its {@link Limits}; reading stops there. */
    static final class LimitExceededException extends Exception {
        LimitExceededException(String what) {
            super(what, null, false, false);
        }
    }

    private static final char QUOTE = '"';
    private static final char COMMA = ',';
    private static final char CR = '\r';
    private static final char LF = '\n';

    private CsvRecords() {
    }

    /** Every record of {@code text}, blank lines included; a final line break does not start a record. */
    static List<CsvRecord> parse(String text) throws UnterminatedQuoteException, LimitExceededException {
        return parse(text, Limits.DEFAULT);
    }

    /** As {@link #parse(String)}, within {@code limits}. */
    static List<CsvRecord> parse(String text, Limits limits) throws UnterminatedQuoteException, LimitExceededException {
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
                    if (field.length() > limits.maxFieldChars()) {
                        throw fieldTooLong(records.size(), limits);
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
                    if (field.length() > limits.maxFieldChars()) {
                        throw fieldTooLong(records.size(), limits);
                    }
                }
            }
            if (field.length() > limits.maxFieldChars()) {
                throw fieldTooLong(records.size(), limits);
            }
            fields.add(field.toString());
            if (fields.size() > limits.maxFieldsPerRecord()) {
                throw new LimitExceededException("record " + (records.size() + 1) + " has more than "
                        + limits.maxFieldsPerRecord() + " fields");
            }
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
            if (records.size() > limits.maxRecords()) {
                throw tooManyRecords(limits);
            }
            fields = new ArrayList<>();
            problem = null;
        }
        if (!fields.isEmpty()) {
            records.add(new CsvRecord(fields, problem));
            if (records.size() > limits.maxRecords()) {
                throw tooManyRecords(limits);
            }
        }
        return records;
    }

    private static LimitExceededException fieldTooLong(int recordIndex, Limits limits) {
        return new LimitExceededException("record " + (recordIndex + 1) + " has a field longer than "
                + limits.maxFieldChars() + " characters");
    }

    private static LimitExceededException tooManyRecords(Limits limits) {
        return new LimitExceededException("has more than " + limits.maxRecords() + " records");
    }

    private static boolean isSeparator(char c) {
        return c == COMMA || c == CR || c == LF;
    }
}
