package org.junction.console.audit;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.junction.mappings.csv.CsvCells;
import org.springframework.web.util.HtmlUtils;

/**
 * A subject access report as a printable page or a CSV file. Both hold only what the ledger holds:
 * organisations, partners, codes, ids and times. The subject's identifier is not repeated: the IG
 * lead who asked knows whom it is about, and a file that names nobody is safer to pass around.
 */
public final class SubjectAccessRendering {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private record Column(String title, Function<AuditLedger.Disclosure, Object> value) {
    }

    private static final List<Column> COLUMNS = List.of(
            new Column("Referral", AuditLedger.Disclosure::trackingId),
            new Column("Shared by (organisation)", AuditLedger.Disclosure::senderOrganisation),
            new Column("Sending system", AuditLedger.Disclosure::sender),
            new Column("Shared with (organisation)", AuditLedger.Disclosure::recipientOrganisation),
            new Column("Receiving system", AuditLedger.Disclosure::recipient),
            new Column("Purpose", AuditLedger.Disclosure::purpose),
            new Column("Categories of information", d -> String.join(" ", d.dataCategories())),
            new Column("Decided", d -> time(d.decidedAt())),
            new Column("Delivered", d -> time(d.deliveredAt())),
            new Column("Basis", AuditLedger.Disclosure::basisKind),
            new Column("Legal basis codes", d -> String.join(" ", d.basisCodes())),
            new Column("Agreement", AuditLedger.Disclosure::agreementId),
            new Column("Agreement version", AuditLedger.Disclosure::agreementVersion),
            new Column("Consent reference", AuditLedger.Disclosure::consentId),
            new Column("Decision reference", AuditLedger.Disclosure::decisionId),
            new Column("Decided by", AuditLedger.Disclosure::decisionMaker));

    private SubjectAccessRendering() {
    }

    static String html(AuditLedger.SubjectAccessReport report) {
        StringBuilder out = new StringBuilder(4096);
        out.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Subject access report</title><style>")
                .append("body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;font-size:0.85em}")
                .append("th,td{border:1px solid #444;padding:0.3em;text-align:left;vertical-align:top}")
                .append("@media print{body{margin:0}}</style></head><body>\n")
                .append("<h1>Subject access report: disclosures through the information sharing hub</h1>\n")
                .append("<p>Produced ").append(escape(time(report.producedAt()))).append(" by ")
                .append(escape(report.producedBy())).append(". Report reference ")
                .append(escape(report.exportEventId().toString())).append(".</p>\n");
        if (report.disclosures().isEmpty()) {
            out.append("<p>No disclosures about this person are recorded.</p>\n");
        } else {
            out.append("<p>").append(report.disclosures().size())
                    .append(report.disclosures().size() == 1 ? " disclosure" : " disclosures")
                    .append(" about this person.</p>\n<table>\n<thead><tr>");
            COLUMNS.forEach(c -> out.append("<th scope=\"col\">").append(escape(c.title())).append("</th>"));
            out.append("</tr></thead>\n<tbody>\n");
            for (AuditLedger.Disclosure d : report.disclosures()) {
                out.append("<tr>");
                COLUMNS.forEach(c -> out.append("<td>").append(escape(text(c.value().apply(d)))).append("</td>"));
                out.append("</tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }
        return out.append("</body></html>\n").toString();
    }

    /** The report's column titles, as in the printable page and the CSV file. */
    public static List<String> titles() {
        return COLUMNS.stream().map(Column::title).toList();
    }

    /** One row of text per disclosure, in {@link #titles()} order, for a page that escapes it itself. */
    public static List<List<String>> rows(AuditLedger.SubjectAccessReport report) {
        return report.disclosures().stream().map(d -> COLUMNS.stream().map(c -> text(c.value().apply(d))).toList())
                .toList();
    }

    public static String csv(AuditLedger.SubjectAccessReport report) {
        StringBuilder out = new StringBuilder(2048);
        row(out, COLUMNS.stream().map(Column::title).toList());
        for (AuditLedger.Disclosure d : report.disclosures()) {
            row(out, COLUMNS.stream().map(c -> text(c.value().apply(d))).toList());
        }
        return out.toString();
    }

    /** RFC 4180: every field quoted, quotes doubled, CRLF line ends. */
    private static void row(StringBuilder out, List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(CsvCells.alwaysQuoted(fields.get(i)));
        }
        out.append("\r\n");
    }

    private static String text(Object value) {
        return value == null ? "" : Objects.toString(value);
    }

    private static String time(Instant at) {
        return at == null ? "" : TIME.format(at);
    }

    private static String escape(String text) {
        return HtmlUtils.htmlEscape(text == null ? "" : text);
    }
}
