package org.junction.console.audit;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junction.console.scope.Visibility;
import org.junction.mappings.fhir.Fhir;
import org.junction.security.audit.LedgerEvent;
import org.junction.security.audit.LedgerEventType;
import org.junction.security.audit.LedgerWriter;
import org.junction.security.audit.SealedEventContent;
import org.junction.security.audit.export.LedgerAuditEvents;
import org.junction.security.audit.export.LedgerCsv;
import org.junction.security.audit.export.LedgerExport;
import org.junction.security.identity.Person;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The ledger leaves the hub: sealed events that occurred in [from, to) as a FHIR R4 Bundle of
 * AuditEvents or as CSV, streamed a page at a time. An IG lead with hub-wide scope gets every
 * event; one scoped to an organisation gets the events that name one of its partners as sender or
 * recipient. A range holding more events than the configured maximum is refused before anything is
 * sent. Each export is itself a ledger event (EXPORTED, outcome = the format), recorded first.
 */
@RestController
public class AuditExportController {

    public static final String PATH = "/api/v1/audit/export";

    private final LedgerExport export;
    private final LedgerWriter ledger;
    private final Visibility visibility;

    public AuditExportController(LedgerExport export, LedgerWriter ledger, Visibility visibility) {
        this.export = export;
        this.ledger = ledger;
        this.visibility = visibility;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(defaultValue = "fhir") String format,
                                    @AuthenticationPrincipal Person caller) {
        if (caller == null) {
            throw new org.springframework.security.access.AccessDeniedException("only a person exports the ledger");
        }
        String kind = format.toLowerCase(Locale.ROOT);
        if (!kind.equals("fhir") && !kind.equals("csv")) {
            throw new InvalidParameter("format", "must be fhir or csv");
        }
        Instant start = instant(from, "from");
        Instant end = instant(to, "to");
        if (!start.isBefore(end)) {
            throw new InvalidParameter("to", "must be after from");
        }
        long events = export.count(start, end);
        if (events > export.maxEvents()) {
            throw new InvalidParameter("to", "the range holds " + events + " events, more than the "
                    + export.maxEvents() + " one export may cover; narrow from/to");
        }
        Predicate<SealedEventContent> visible = visibleTo(caller);
        ledger.record(new LedgerEvent(UUID.randomUUID(), null, LedgerEventType.EXPORTED, Instant.now(), caller.id(),
                null, null, null, null, kind.toUpperCase(Locale.ROOT), null, 1, List.of()));
        StreamingResponseBody body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            if (kind.equals("csv")) {
                w.write(LedgerCsv.header());
                export.stream(start, end, visible, link -> write(w, LedgerCsv.row(link)));
            } else {
                w.write("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":\"" + Instant.now()
                        + "\",\"entry\":[");
                boolean[] first = {true};
                export.stream(start, end, visible, link -> {
                    write(w, (first[0] ? "" : ",") + "{\"resource\":"
                            + Fhir.toJson(LedgerAuditEvents.toAuditEvent(link)) + "}");
                    first[0] = false;
                });
                w.write("]}");
            }
            w.flush();
        };
        String name = "junction-audit-" + start.toString().replace(':', '-') + (kind.equals("csv") ? ".csv" : ".json");
        return ResponseEntity.ok()
                .contentType(kind.equals("csv") ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                        : MediaType.parseMediaType("application/fhir+json;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + "\"")
                .body(body);
    }

    private Predicate<SealedEventContent> visibleTo(Person caller) {
        if (Visibility.hubWide(caller)) {
            return e -> true;
        }
        return e -> (e.senderPartnerId() != null && visibility.sees(caller, e.senderPartnerId()))
                || (e.recipientPartnerId() != null && visibility.sees(caller, e.recipientPartnerId()));
    }

    private static void write(Writer w, String text) {
        try {
            w.write(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** An ISO-8601 instant, or a date meaning its start (UTC). */
    private static Instant instant(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameter(field, "required: an ISO-8601 instant or date");
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new InvalidParameter(field, "not an ISO-8601 instant or date");
        }
    }

    static final class InvalidParameter extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String field;

        InvalidParameter(String field, String reason) {
            super(reason, null, false, false);
            this.field = field;
        }
    }

    /** 400 naming the field and the reason; nothing was exported or recorded. */
    @ExceptionHandler(InvalidParameter.class)
    ResponseEntity<ProblemDetail> invalid(InvalidParameter e) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                e.field + ": " + e.getMessage());
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/invalid-request"));
        problem.setTitle("Invalid export request");
        problem.setProperty("errors", List.of(Map.of("field", e.field, "reason", e.getMessage())));
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
