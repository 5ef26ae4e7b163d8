package org.junction.security.audit.export;

import java.util.ArrayList;
import java.util.List;
import org.junction.mappings.csv.CsvCells;
import org.junction.security.audit.LedgerDetails;
import org.junction.security.audit.SealedEventContent;

/**
 * The ledger as CSV (RFC 4180, CRLF line ends): fixed columns, one row per sealed event, list
 * values joined by {@code ;}.
 *
 * <p>Safe to open in a spreadsheet: a cell that begins with {@code = + - @}, a tab or a carriage
 * return is prefixed with an apostrophe so that it is shown as text and never evaluated as a
 * formula. The ledger holds ids and codes only, but an actor id or a partner's code is not the
 * hub's to trust.
 */
public final class LedgerCsv {

    public static final List<String> COLUMNS = List.of("seq", "hash", "event_id", "occurred_at", "event_type", "actor",
            "tracking_id", "sender", "recipient", "purpose", "outcome", "reason_code", "generation",
            "subject_pseudonyms", "agreement_id", "agreement_version", "flow_id", "basis_kind", "basis_codes",
            "consent_id", "decision_id", "decision_maker", "data_categories", "labels", "correlation_id");

    private LedgerCsv() {
    }

    public static String header() {
        return line(COLUMNS);
    }

    public static String row(ExportedLink link) {
        SealedEventContent e = link.event();
        LedgerDetails d = e.details();
        List<String> cells = new ArrayList<>(COLUMNS.size());
        cells.add(Long.toString(link.seq()));
        cells.add(link.hash());
        cells.add(e.eventId().toString());
        cells.add(e.occurredAt().toString());
        cells.add(e.eventType());
        cells.add(e.actor());
        cells.add(text(e.trackingId()));
        cells.add(e.senderPartnerId());
        cells.add(e.recipientPartnerId());
        cells.add(e.purpose());
        cells.add(e.outcome());
        cells.add(e.reasonCode());
        cells.add(Integer.toString(e.generation()));
        cells.add(String.join(";", e.subjectPseudonyms()));
        cells.add(d.agreementId());
        cells.add(text(d.agreementVersion()));
        cells.add(d.flowId());
        cells.add(d.basisKind());
        cells.add(String.join(";", d.basisCodes()));
        cells.add(text(d.consentId()));
        cells.add(text(d.decisionId()));
        cells.add(d.decisionMaker());
        cells.add(String.join(";", d.dataCategories()));
        cells.add(String.join(";", d.labels()));
        cells.add(d.correlationId());
        return line(cells);
    }

    private static String text(Object o) {
        return o == null ? null : o.toString();
    }

    private static String line(List<String> cells) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(cell(cells.get(i)));
        }
        return out.append("\r\n").toString();
    }

    /** One cell: neutralised if it could be a formula, quoted if it holds a separator, quote or line break. */
    static String cell(String value) {
        return CsvCells.cell(value);
    }
}
