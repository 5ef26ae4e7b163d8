package org.junction.console.web.audit;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junction.console.audit.AuditLedger;
import org.junction.console.audit.AuditRequests;
import org.junction.console.audit.AuditSearchController;
import org.junction.console.audit.SubjectAccessRendering;
import org.junction.console.web.FormErrors;
import org.junction.security.identity.Person;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;

/**
 * An IG lead's subject access report: on the page, or as the same CSV file the audit API gives,
 * through the API's service, so each is recorded as EXPORTED and restricted disclosures their
 * source has not released are left out of both. How many were left out is told to the IG lead
 * beside the report, never inside it: the report may go to the subject.
 */
@Controller
public class SubjectAccessPage {

    static final String PATH = AuditForms.ROOT + "/subject-access";
    static final List<String> FIELDS = List.of("nhsNumber", "policeId", "councilId", "issuer", "reason");

    private final AuditLedger ledger;

    public SubjectAccessPage(AuditLedger ledger) {
        this.ledger = ledger;
    }

    @GetMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public String form(Model model) {
        model.addAttribute("form", Map.of());
        model.addAttribute("errors", new FormErrors());
        return "console/audit-subject-access";
    }

    /** {@code format=csv} downloads the file; anything else shows the report on the page. */
    @PostMapping(PATH)
    @PreAuthorize("hasRole('IG_LEAD')")
    public ModelAndView report(HttpServletRequest request, @AuthenticationPrincipal Person viewer,
                               HttpServletResponse response) throws IOException {
        Map<String, String> fields = AuditForms.fields(request, FIELDS);
        boolean csv = "csv".equals(request.getParameter("format"));
        List<AuditRequests.FieldError> found = new ArrayList<>();
        AuditLedger.Subject subject = AuditRequests.subject(fields, true, found);
        String reason = AuditRequests.reason(fields, found);
        ModelAndView page = new ModelAndView("console/audit-subject-access");
        page.addObject("form", AuditForms.shownAgain(fields));
        if (!found.isEmpty()) {
            page.setStatus(HttpStatus.BAD_REQUEST);
            page.addObject("errors", AuditForms.errors(found, FIELDS));
            return page;
        }
        AuditLedger.SubjectAccessReport report = ledger.subjectAccess(subject, csv ? "CSV" : "HTML", reason, viewer);
        if (csv) {
            byte[] file = SubjectAccessRendering.csv(report).getBytes(StandardCharsets.UTF_8);
            AuditSearchController.reportHeaders(report, true).forEach((name, values) ->
                    values.forEach(value -> response.addHeader(name, value)));
            response.setContentLength(file.length);
            response.getOutputStream().write(file);
            return null;
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, CacheControl.noStore().getHeaderValue());
        page.addObject("errors", new FormErrors());
        page.addObject("report", report);
        page.addObject("titles", SubjectAccessRendering.titles());
        page.addObject("rows", SubjectAccessRendering.rows(report));
        return page;
    }
}
