package org.junction.console.audit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junction.security.identity.Person;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Searching the ledger and reporting to a data subject, for IG leads: each scoped to what the
 * caller's organisation sent or received (everything for a hub-wide IG lead), each recorded.
 * Hub admins run the hub but do not audit it, so they are not let in.
 *
 * <p>A search can be a GET, as a search usually is, or a POST with the same fields in a JSON body;
 * the POST keeps the identifier and the reason out of URLs, which access logs, proxies and browser
 * histories keep. The subject access report and releases are POSTs only for that reason.
 */
@RestController
public class AuditSearchController {

    public static final String PATH = "/api/v1/audit";
    public static final String SEARCH = PATH + "/search";
    public static final String SUBJECT_ACCESS = PATH + "/subject-access";
    public static final String RELEASES = PATH + "/releases";
    /** How many restricted disclosures a report left out: for the IG lead, never printed in the report itself. */
    public static final String WITHHELD_HEADER = "X-Junction-Withheld";
    public static final String EXPORT_EVENT_HEADER = "X-Junction-Export-Event";

    private static final Set<String> REPORT_FIELDS = Set.of("nhsNumber", "policeId", "councilId", "issuer",
            "identifierSystem", "identifier", "format", "reason");
    private static final Set<String> RELEASE_FIELDS = Set.of("trackingId", "reason");

    private final AuditLedger ledger;

    public AuditSearchController(AuditLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping(path = PATH, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize("hasRole('IG_LEAD')")
    public ResponseEntity<?> search(@RequestParam Map<String, String> params, @AuthenticationPrincipal Person caller) {
        return searchWith(params, caller);
    }

    @PostMapping(path = SEARCH, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize("hasRole('IG_LEAD')")
    public ResponseEntity<?> searchPosted(@RequestBody(required = false) Map<String, Object> body,
                                          @AuthenticationPrincipal Person caller) {
        return searchWith(strings(body), caller);
    }

    private ResponseEntity<?> searchWith(Map<String, String> params, Person caller) {
        List<AuditRequests.FieldError> errors = new ArrayList<>();
        AuditLedger.SearchCriteria criteria = AuditRequests.search(params, errors);
        String reason = AuditRequests.reason(params, errors);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(ledger.search(criteria, reason, caller));
    }

    /**
     * Every disclosure about one person within the caller's scope, as a printable HTML page or a
     * CSV file. Restricted disclosures their source has not released are left out; how many is
     * told only in {@value #WITHHELD_HEADER}, since the printed report may go to the subject and
     * "something was withheld" can itself tell them what the source needed kept back.
     */
    @PostMapping(path = SUBJECT_ACCESS, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.TEXT_HTML_VALUE, "text/csv", MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize("hasRole('IG_LEAD')")
    public ResponseEntity<?> subjectAccess(@RequestBody(required = false) Map<String, Object> body,
                                           @AuthenticationPrincipal Person caller) {
        Map<String, String> params = strings(body);
        List<AuditRequests.FieldError> errors = new ArrayList<>();
        AuditRequests.unknownFields(params, REPORT_FIELDS, errors);
        AuditLedger.Subject subject = AuditRequests.subject(params, true, errors);
        String format = params.getOrDefault("format", "html");
        format = format == null ? "HTML" : format.strip().toUpperCase(Locale.ROOT);
        if (!format.equals("HTML") && !format.equals("CSV")) {
            errors.add(new AuditRequests.FieldError("format", "html or csv"));
        }
        String reason = AuditRequests.reason(params, errors);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        AuditLedger.SubjectAccessReport report = ledger.subjectAccess(subject, format, reason, caller);
        boolean csv = format.equals("CSV");
        return ResponseEntity.ok().headers(reportHeaders(report, csv))
                .body(csv ? SubjectAccessRendering.csv(report) : SubjectAccessRendering.html(report));
    }

    /**
     * The headers of a subject access report as a file, for this API and the console's download
     * alike: its type, never cached, named by its EXPORTED event, and the withheld count beside it.
     */
    public static HttpHeaders reportHeaders(AuditLedger.SubjectAccessReport report, boolean csv) {
        HttpHeaders headers = new HttpHeaders();
        headers.setContentType(csv ? new MediaType("text", "csv", StandardCharsets.UTF_8)
                : new MediaType("text", "html", StandardCharsets.UTF_8));
        headers.setCacheControl(CacheControl.noStore());
        headers.setContentDisposition((csv ? ContentDisposition.attachment() : ContentDisposition.inline())
                .filename("subject-access-" + report.exportEventId() + (csv ? ".csv" : ".html")).build());
        headers.set(WITHHELD_HEADER, Integer.toString(report.withheld()));
        headers.set(EXPORT_EVENT_HEADER, report.exportEventId().toString());
        return headers;
    }

    /** The source's IG lead releases a restricted disclosure: later reports include it. */
    @PostMapping(path = RELEASES, consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_PROBLEM_JSON_VALUE})
    @PreAuthorize("hasRole('IG_LEAD')")
    public ResponseEntity<?> release(@RequestBody(required = false) Map<String, Object> body,
                                     @AuthenticationPrincipal Person caller) {
        Map<String, String> params = strings(body);
        List<AuditRequests.FieldError> errors = new ArrayList<>();
        AuditRequests.unknownFields(params, RELEASE_FIELDS, errors);
        UUID trackingId = null;
        try {
            trackingId = UUID.fromString(params.getOrDefault("trackingId", "").strip());
        } catch (IllegalArgumentException | NullPointerException notAnId) {
            errors.add(new AuditRequests.FieldError("trackingId", "a referral's tracking id (a UUID)"));
        }
        String reason = AuditRequests.reason(params, errors);
        if (!errors.isEmpty()) {
            return invalid(errors);
        }
        AuditLedger.Release release = ledger.release(trackingId, reason, caller);
        return switch (release.result()) {
            case RELEASED -> ResponseEntity.status(HttpStatus.CREATED).body(release);
            case NOT_FOUND -> problem(HttpStatus.NOT_FOUND, "not-found", "No disclosure of this referral is in your scope.");
            case NOT_SOURCE -> problem(HttpStatus.FORBIDDEN, "not-source",
                    "Only the IG lead of the organisation that sent it may release a restricted disclosure.");
            case NOT_RESTRICTED -> problem(HttpStatus.CONFLICT, "not-restricted",
                    "This referral's disclosures carry no restricted-disclosure label.");
            case ALREADY_RELEASED -> problem(HttpStatus.CONFLICT, "already-released",
                    "This restricted disclosure was already released.");
        };
    }

    /** JSON scalars as strings; a nested object or list stands out as not a parameter value. */
    private static Map<String, String> strings(Map<String, Object> body) {
        Map<String, String> params = new LinkedHashMap<>();
        if (body != null) {
            body.forEach((k, v) -> params.put(k, v == null ? null
                    : v instanceof Map<?, ?> || v instanceof List<?> ? "\u0000" : String.valueOf(v)));
        }
        return params;
    }

    private static ResponseEntity<ProblemDetail> invalid(List<AuditRequests.FieldError> errors) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST,
                "Invalid request: " + String.join(", ", errors.stream().map(AuditRequests.FieldError::field).toList()));
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/invalid-request"));
        problem.setTitle("Invalid request");
        problem.setProperty("errors", errors.stream().map(AuditRequests.FieldError::asMap).toList());
        return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }

    private static ResponseEntity<ProblemDetail> problem(HttpStatus status, String type, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(URI.create("https://fhir.junction-hub.org/problems/" + type));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
