package org.junction.console.audit;

import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junction.mappings.fhir.Fhir;
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
 * event; one scoped to an organisation gets what an audit search would show them (see the hub's
 * audit scope). A range holding more of those events than the configured maximum is refused
 * before anything is sent. Each export is itself a ledger event (EXPORTED, outcome = the format,
 * the range as its criteria, the caller's reason kept sealed), recorded first.
 */
@RestController
public class AuditExportController {

    public static final String PATH = "/api/v1/audit/export";

    private final LedgerExport export;
    private final AuditLedger audit;
    private final Clock clock;

    public AuditExportController(LedgerExport export, AuditLedger audit, Clock clock) {
        this.export = export;
        this.audit = audit;
        this.clock = clock;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public ResponseEntity<StreamingResponseBody> export(@RequestParam(required = false) String from,
                                    @RequestParam(required = false) String to,
                                    @RequestParam(defaultValue = "fhir") String format,
                                    @RequestParam(required = false) String reason,
                                    @AuthenticationPrincipal Person caller) {
        if (caller == null) {
            throw new org.springframework.security.access.AccessDeniedException("only a person exports the ledger");
        }
        String kind = format.toLowerCase(Locale.ROOT);
        if (!kind.equals("fhir") && !kind.equals("csv")) {
            throw new InvalidParameter("format", "must be fhir or csv");
        }
        Instant start = instant(from, "from", false);
        Instant end = instant(to, "to", true);
        if (!start.isBefore(end)) {
            throw new InvalidParameter("to", "must be after from");
        }
        String why = reason == null ? "" : reason.strip();
        if (why.length() < AuditRequests.MIN_REASON || why.length() > AuditRequests.MAX_REASON) {
            throw new InvalidParameter("reason", "required: why the ledger leaves the hub, "
                    + AuditRequests.MIN_REASON + " to " + AuditRequests.MAX_REASON + " characters");
        }
        List<String> scope = audit.scopeOf(caller);
        if (export.count(start, end, scope) > export.maxEvents()) {
            throw new InvalidParameter("to", "the range holds more than the " + export.maxEvents()
                    + " events one export may cover; narrow from/to");
        }
        audit.recordExport(kind.toUpperCase(Locale.ROOT), "from=" + start + " to=" + end, why, caller);
        StreamingResponseBody body = out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            if (kind.equals("csv")) {
                w.write(LedgerCsv.header());
                export.stream(start, end, scope, link -> write(w, LedgerCsv.row(link)));
            } else {
                w.write("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"timestamp\":\"" + clock.instant()
                        + "\",\"entry\":[");
                boolean[] first = {true};
                export.stream(start, end, scope, link -> {
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

    private static void write(Writer w, String text) {
        try {
            w.write(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * An ISO-8601 instant, or a date (UTC): as {@code from} its start, as {@code to} its end, so that
     * {@code from=2026-11-01&to=2026-11-30} covers both days, as in an audit search.
     */
    private static Instant instant(String value, String field, boolean end) {
        if (value == null || value.isBlank()) {
            throw new InvalidParameter(field, "required: an ISO-8601 instant or date");
        }
        try {
            if (value.length() == 10) {
                LocalDate day = LocalDate.parse(value);
                return (end ? day.plusDays(1) : day).atStartOfDay().toInstant(ZoneOffset.UTC);
            }
            return Instant.parse(value);
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
